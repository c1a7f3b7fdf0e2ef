// Stageline dashboard: renders the snapshot from api/dashboard and re-renders on each server-sent
// event from api/events. Text is only ever set with textContent, never parsed as HTML, because
// everything shown comes from resources that users write.
"use strict";

(function () {
  let snapshot = null;
  let clockOffsetMs = 0; // server time minus browser time, so countdowns follow the operator's clock

  // ---- small helpers -------------------------------------------------------------------------

  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "data") for (const [k, v] of Object.entries(value)) el.dataset[k] = v;
      else el.setAttribute(key, value === true ? "" : value);
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  // long image references break after "/" and ":" rather than mid-word
  function breakable(text) {
    const span = h("span", { class: "mono" });
    String(text).split(/(?<=[\/:@])/).forEach((part, i) => {
      if (i > 0) span.append(document.createElement("wbr"));
      span.append(document.createTextNode(part));
    });
    return span;
  }

  function badge(text, tone) {
    return h("span", { class: "badge tone-" + tone }, text);
  }

  function now() {
    return Date.now() + clockOffsetMs;
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    const d = Math.floor(seconds / 86400);
    const hr = Math.floor((seconds % 86400) / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const pad = (n) => String(n).padStart(2, "0");
    if (d > 0) return d + "d " + hr + "h";
    if (hr > 0) return hr + "h " + pad(m) + "m";
    if (m > 0) return m + "m " + pad(s) + "s";
    return s + "s";
  }

  function countdownText(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    const hr = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const pad = (n) => String(n).padStart(2, "0");
    return (hr > 0 ? hr + "h " : "") + pad(m) + "m " + pad(s) + "s";
  }

  function time(iso, style) {
    if (!iso) return h("span", { class: "empty" }, "unknown");
    const date = new Date(iso);
    if (isNaN(date)) return h("span", {}, iso);
    const ago = (now() - date.getTime()) / 1000;
    const text = style === "ago"
      ? (ago >= 0 ? duration(ago) + " ago" : "in " + duration(-ago))
      : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
    return h("time", { datetime: iso, title: date.toLocaleString() }, text);
  }

  const PHASE_TONE = {
    Ready: "ok", Succeeded: "ok", Active: "ok", Passed: "ok", True: "ok", Scheduled: "ok", Success: "ok",
    Pending: "idle", WaitingForGates: "warn", Waiting: "warn", Promoting: "info", Verifying: "info", Info: "info",
    Degraded: "warn", Terminating: "warn", Refused: "bad", Rejected: "bad",
    Failed: "bad", RolledBack: "bad", Failure: "bad", Expired: "idle", Invalid: "bad", False: "bad",
  };

  function tone(state) {
    return PHASE_TONE[state] || "idle";
  }

  // ---- stages --------------------------------------------------------------------------------

  function renderPaths(paths) {
    const root = document.getElementById("paths");
    if (!paths.length) {
      root.replaceChildren(h("p", { class: "empty" }, "No Environments yet. Apply some, e.g. the examples/ directory."));
      return;
    }
    root.replaceChildren(...paths.map((path) => h("div", { class: "path", data: { path: path.name } },
      paths.length > 1 ? h("h3", { class: "path-name" }, "Path " + path.name) : null,
      h("ol", { class: "stages", "aria-label": "Stages of " + path.name + ", in promotion order" },
        path.stages.map(renderStage)))));
  }

  function readyBadge(stage) {
    const ready = stage.ready;
    if (ready && ready.status === "True") return badge("Ready", "ok");
    if (ready) return badge("Not ready" + (ready.reason ? ": " + ready.reason : ""), ready.status === "False" ? "bad" : "warn");
    return badge(stage.phase || "Not reconciled yet", tone(stage.phase || "Pending"));
  }

  function renderStage(stage) {
    const id = "stage-" + stage.name;
    const facts = h("dl", { class: "facts" });
    const fact = (label, ...value) => append(facts, [h("dt", {}, label), h("dd", {}, ...value)]);
    fact("Namespace", h("span", { class: "mono" }, stage.namespace || "—"));
    if (stage.upstream) fact("Upstream", stage.upstream);
    const r = stage.release;
    if (r) {
      fact("Release", h("strong", { class: "release-version" }, r.version || "(no version)"),
        r.revision ? " (revision " + r.revision + ")" : "",
        r.verified === true ? " " : null, r.verified === true ? badge("verified", "ok") : null);
      fact("Since", time(r.at, "ago"));
      if (r.images && Object.keys(r.images).length) {
        fact("Images", h("ul", { class: "plain" }, Object.entries(r.images).map(([container, image]) =>
          h("li", {}, h("span", {}, container + ": "), breakable(image)))));
      }
      if (r.configRevision) fact("Config", "revision " + r.configRevision);
    } else {
      fact("Release", h("span", { class: "empty" }, "none yet"));
    }
    if (stage.configRevision && (!r || r.configRevision !== stage.configRevision)) {
      fact(r ? "Config now" : "Config", "revision " + stage.configRevision);
    }
    if (stage.parity) fact("Parity", renderParity(stage.parity));
    if (stage.backup) {
      fact("Backup", badge(stage.backup.state, tone(stage.backup.state)),
        stage.backup.schedule ? " " + stage.backup.schedule : "",
        stage.backup.lastBackup ? h("span", {}, " · last ", time(stage.backup.lastBackup, "ago")) : "",
        stage.backup.message ? h("span", { class: "stage-message" }, " " + stage.backup.message) : "");
    }
    const findings = stage.compliance || [];
    fact("Compliance", findings.length === 0 ? badge("no findings", "ok")
      : h("div", {}, badge(findings.length + (findings.length === 1 ? " finding" : " findings"), "warn"),
        h("ul", { class: "findings" }, findings.map((f) => h("li", {},
          h("strong", {}, f.type), f.object ? h("span", { class: "mono" }, " " + f.object) : "",
          f.message ? ": " + f.message : "")))));

    const active = stage.activePromotions || [];
    const recent = stage.recentPromotions || [];
    return h("li", { class: "stage", data: { stage: stage.name } },
      h("article", { class: "card", "aria-labelledby": id },
        h("div", { class: "stage-head" },
          h("h3", { id: id, class: "stage-name" }, stage.name),
          stage.stage ? badge(stage.stage, "info") : null,
          h("span", { class: "stage-ready" }, readyBadge(stage))),
        stage.ready && stage.ready.message && stage.ready.status !== "True"
          ? h("p", { class: "stage-message" }, stage.ready.message) : null,
        facts,
        h("h4", {}, "Promotions to " + stage.name),
        active.length ? active.map(renderPromotion) : h("p", { class: "empty" }, "None under way."),
        recent.length ? h("details", { class: "recent", data: { key: "recent-" + stage.name } },
          h("summary", {}, "Recent promotions (" + recent.length + ")"),
          recent.map(renderPromotion)) : null));
  }

  function renderParity(p) {
    if (p.inParity) return badge("in parity" + (p.upstream ? " with " + p.upstream : ""), "ok");
    const parts = [];
    if (p.upstreamVersion !== undefined && p.upstreamVersion !== p.version) {
      parts.push("runs " + (p.version || "nothing") + ", upstream runs " + (p.upstreamVersion || "nothing"));
    }
    if (p.missingKeys && p.missingKeys.length) parts.push("missing keys: " + p.missingKeys.join(", "));
    if (p.extraKeys && p.extraKeys.length) parts.push("extra keys: " + p.extraKeys.join(", "));
    const images = p.imagesDiffer && p.imagesDiffer.length
      ? h("ul", { class: "plain" }, p.imagesDiffer.map((i) => h("li", {}, breakable(i)))) : null;
    return h("span", {}, badge("differs", "warn"), parts.length ? " " + parts.join("; ") : "",
      p.skewSince ? h("span", {}, " (since ", time(p.skewSince, "ago"), ")") : "",
      images ? h("span", { class: "block" }, "images differ:") : null, images);
  }

  // ---- promotions ----------------------------------------------------------------------------

  function renderPromotion(p) {
    const key = p.namespace + "/" + p.name;
    return h("article", { class: "promotion", data: { promotion: key }, "aria-label": "Promotion " + p.name },
      h("div", { class: "promotion-head" },
        h("h5", {}, p.name),
        h("span", { class: "promotion-phase" }, badge(p.phase, tone(p.phase)))),
      h("p", { class: "stage-message" },
        p.version ? h("span", {}, "Release ", h("strong", {}, p.version)) : "Release from upstream",
        p.previousVersion ? " (was " + p.previousVersion + ")" : "",
        p.requestedBy ? " · requested by " + p.requestedBy : "",
        p.completedAt ? h("span", {}, " · finished ", time(p.completedAt, "ago"))
          : p.startedAt ? h("span", {}, " · started ", time(p.startedAt, "ago")) : ""),
      p.waitingOn ? h("p", { class: "waiting-on" }, h("strong", {}, "Waiting on: "),
        h("span", { class: "waiting-on-message" }, p.waitingOn)) : null,
      p.outcome ? h("p", { class: "outcome" }, p.outcome) : null,
      renderGates("Gates", p.gates),
      renderApprovals(p.approvals),
      renderGates("Verification", p.verification));
  }

  function renderGates(title, gates) {
    if (!gates || !gates.length) return null;
    return h("div", {},
      h("ol", { class: "gates", "aria-label": title },
        gates.map((g) => h("li", { class: "gate", data: { gate: g.name || "", state: g.state || "" } },
          badge(g.state || "Pending", tone(g.state || "Pending")),
          h("div", {},
            h("span", { class: "gate-name" }, (title === "Verification" ? "verify " : "") + (g.name || g.kind || "gate")),
            g.kind && g.kind !== g.name ? h("span", { class: "gate-kind" }, " (" + g.kind + ")") : "",
            g.since ? h("span", { class: "gate-kind" }, " · ", time(g.since, "ago")) : "",
            g.message ? h("span", { class: "gate-message" }, g.message) : null)))));
  }

  function renderApprovals(a) {
    if (!a) return null;
    const accepted = (a.given || []).filter((x) => x.accepted === true).length;
    return h("div", { class: "approvals" },
      h("p", { class: "approvals-summary" },
        h("strong", {}, "Approvals: "),
        a.required ? accepted + " of " + a.required + " accepted" : (a.given || []).length + " given",
        a.missing ? h("span", {}, " · ", badge(a.missing + " missing", "warn")) : "",
        a.approvers && a.approvers.length ? " · may approve: " + a.approvers.join(", ") : ""),
      a.given && a.given.length ? h("ul", { class: "plain approvals-given" }, a.given.map((g) => h("li", {},
        g.accepted === true ? badge("accepted", "ok") : g.accepted === false ? badge("not counted", "bad") : badge("checking", "idle"),
        " " + g.by,
        g.at ? h("span", {}, " · ", time(g.at, "ago")) : "",
        g.comment ? " · “" + g.comment + "”" : "",
        g.reason ? " · " + g.reason : ""))) : null);
  }

  // ---- journeys ------------------------------------------------------------------------------

  function renderJourneys(journeys) {
    const root = document.getElementById("journey-list");
    if (!journeys.length) {
      root.replaceChildren(h("p", { class: "empty" }, "No release has reached a stage yet."));
      return;
    }
    root.replaceChildren(...journeys.map((j) => {
      const total = j.steps.reduce((sum, s) => sum + Math.max(s.seconds, 1), 0);
      return h("div", { class: "journey", data: { version: j.version } },
        h("div", { class: "journey-version" }, j.version),
        h("ol", { class: "timeline", "aria-label": "Journey of release " + j.version },
          j.steps.map((s) => h("li", {
            class: s.current ? "current" : "",
            data: { grow: String(Math.max(s.seconds, 1) / total) },
          },
          h("span", { class: "step-stage" }, s.environment),
          h("span", { class: "step-time" }, "arrived ", time(s.arrivedAt)),
          h("span", { class: "step-time" }, (s.current ? "there for " : "stayed ") + duration(s.seconds))))));
    }));
    // proportional widths without inline style attributes (the page's CSP forbids them)
    root.querySelectorAll("ol.timeline li").forEach((li) => { li.style.flexGrow = li.dataset.grow; });
  }

  // ---- access --------------------------------------------------------------------------------

  function renderAccess(access) {
    const root = document.getElementById("access-matrix");
    if (!access.rows.length) {
      root.replaceChildren(h("p", { class: "empty" }, "No AccessPolicy grants anything yet."));
      return;
    }
    root.replaceChildren(h("table", { class: "access-table" },
      h("caption", {}, "Levels per subject and environment; ⚠ marks emergency access, * not bound yet"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Subject"),
        access.environments.map((e) => h("th", { scope: "col" }, e)))),
      h("tbody", {}, access.rows.map((row) => h("tr", { data: { subject: row.subject } },
        h("th", { scope: "row" }, row.name, row.kind ? h("span", { class: "subject-kind" }, row.kind) : ""),
        access.environments.map((env) => {
          const cells = row.cells[env] || [];
          return h("td", { data: { environment: env } }, cells.length ? cells.map((c) =>
            h("span", {
              class: "badge tone-" + (c.emergency ? "bad" : c.pending ? "idle" : "info"),
              title: "from AccessPolicy " + c.policy + (c.pending ? " (not bound yet)" : ""),
            }, (c.emergency ? "⚠ " : "") + c.level + (c.pending ? "*" : ""))) : h("span", { class: "empty", "aria-label": "no access" }, "—"));
        }))))));
  }

  function renderEmergencies(list) {
    const root = document.getElementById("emergencies");
    if (!list.length) {
      root.replaceChildren(h("p", { class: "empty" }, "No emergency access in force."));
      return;
    }
    root.replaceChildren(h("ul", { class: "plain emergency-list" }, list.map((e) => {
      const expires = new Date(e.expiresAt).getTime();
      return h("li", { class: "card emergency-card", data: { policy: e.policy } },
        h("p", { class: "stage-message" }, h("strong", {}, e.access + " access"), " for ",
          h("span", { class: "mono" }, (e.subjects || []).join(", ")),
          e.environments && e.environments.length ? " in " + e.environments.join(", ") : ""),
        h("p", {},
          h("span", { class: "countdown", role: "timer", data: { expires: String(expires) } },
            countdownText((expires - now()) / 1000)),
          " left · expires ", time(e.expiresAt)),
        h("p", { class: "stage-message" }, "Reason: " + e.reason,
          e.ticket ? " · ticket " + e.ticket : "", " · policy " + e.policy,
          e.pending ? " · not bound yet" : ""));
    })));
  }

  function tickCountdowns() {
    document.querySelectorAll(".countdown[data-expires]").forEach((el) => {
      const left = (Number(el.dataset.expires) - now()) / 1000;
      el.textContent = left > 0 ? countdownText(left) : "expired";
    });
  }

  // ---- audit ---------------------------------------------------------------------------------

  const AUDIT_SHOWN = 12;

  function renderAudit(events) {
    const root = document.getElementById("audit-list");
    if (!events.length) {
      root.replaceChildren(h("p", { class: "empty" }, "No decisions recorded since the operator started."));
      return;
    }
    const older = events.slice(AUDIT_SHOWN);
    root.replaceChildren(
      auditTable(events.slice(0, AUDIT_SHOWN),
        "Newest first; the same decisions are Kubernetes Events and lines on the audit log"),
      older.length ? h("details", { class: "recent", data: { key: "audit-older" } },
        h("summary", {}, "Older decisions (" + older.length + ")"),
        auditTable(older, "Older decisions, newest first")) : null);
  }

  function auditTable(events, caption) {
    return h("table", { class: "audit-table" },
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, ["Time", "Outcome", "Resource", "Action", "Reason", "Message", "By"]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, events.map((e) => h("tr", {},
        h("td", {}, time(e.time, "ago")),
        h("td", { class: "audit-outcome" }, badge(e.outcome, tone(e.outcome))),
        h("td", {}, e.kind + " ", h("span", { class: "mono" }, (e.namespace ? e.namespace + "/" : "") + e.name)),
        h("td", {}, e.action),
        h("td", {}, e.reason),
        h("td", { class: "message" }, e.message || ""),
        h("td", {}, e.actor || "—")))));
  }

  // ---- updates -------------------------------------------------------------------------------

  function render(next) {
    snapshot = next;
    clockOffsetMs = new Date(next.generatedAt).getTime() - Date.now();
    // keep what the viewer opened and focused across re-renders
    const open = new Set([...document.querySelectorAll("details[open][data-key]")].map((d) => d.dataset.key));
    const focusedKey = document.activeElement && document.activeElement.closest("[data-key]")
      ? document.activeElement.closest("[data-key]").dataset.key : null;
    renderPaths(next.paths || []);
    renderJourneys(next.journeys || []);
    renderAccess(next.access || { environments: [], rows: [] });
    renderEmergencies(next.emergencies || []);
    renderAudit(next.audit || []);
    document.querySelectorAll("details[data-key]").forEach((d) => { if (open.has(d.dataset.key)) d.open = true; });
    if (focusedKey) {
      const el = document.querySelector('[data-key="' + CSS.escape(focusedKey) + '"] summary');
      if (el) el.focus();
    }
    document.body.dataset.generatedAt = next.generatedAt;
  }

  function setConnection(state, text) {
    const el = document.getElementById("connection");
    if (el.dataset.state === state && el.textContent === text) return;
    el.dataset.state = state;
    el.textContent = text;
  }

  function updatedText() {
    if (!snapshot) return "Connecting…";
    return "Live · updated " + new Date(snapshot.generatedAt).toLocaleTimeString()
      + (snapshot.synced ? "" : " · still loading resources");
  }

  function connect() {
    if (!window.EventSource) {
      poll();
      return;
    }
    // draw at once from the JSON snapshot; the stream then keeps the page current
    fetch("api/dashboard", { cache: "no-store" })
      .then((r) => r.json())
      .then((s) => { if (!snapshot) render(s); })
      .catch(() => {});
    const events = new EventSource("api/events");
    events.addEventListener("snapshot", (e) => {
      render(JSON.parse(e.data));
      setConnection("live", updatedText());
    });
    events.onerror = () => setConnection(events.readyState === EventSource.CLOSED ? "lost" : "connecting",
      "Reconnecting… (showing data from " + (snapshot ? new Date(snapshot.generatedAt).toLocaleTimeString() : "nowhere yet") + ")");
  }

  function poll() {
    fetch("api/dashboard", { cache: "no-store" })
      .then((r) => r.json())
      .then((s) => { render(s); setConnection("live", updatedText()); })
      .catch(() => setConnection("lost", "Cannot reach the operator"))
      .finally(() => setTimeout(poll, 5000));
  }

  document.addEventListener("DOMContentLoaded", () => {
    connect();
    setInterval(tickCountdowns, 1000);
  });
})();
