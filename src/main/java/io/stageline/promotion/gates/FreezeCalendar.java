package io.stageline.promotion.gates;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.stageline.api.v1alpha1.Gate.Freeze;
import io.stageline.api.v1alpha1.Gate.Recurrence;
import io.stageline.api.v1alpha1.Gate.WindowGate;
import io.stageline.api.v1alpha1.Stage;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The platform's change-freeze calendar: the ConfigMap {@value #NAME} in the operator's namespace,
 * one freeze per key, each a small YAML document naming the stages it freezes and when (a date range,
 * or an RFC 5545 recurring period). Every promotion into a frozen stage waits, whatever gates it
 * carries, until the freeze ends; rollbacks are not held (a freeze exists to stop change, and a
 * rollback restores what ran before).
 *
 * <p>A ConfigMap rather than a new kind: it is edited by whoever holds RBAC on that one object in the
 * operator's namespace (the platform team), it is watched like the stop-the-line switch, and GitOps
 * tools sync it as they sync everything else. Having no schema at admission, an entry that cannot be
 * read fails closed: the stages it names (all stages when that cannot be told) are held with a message
 * that names the entry and what is wrong, so a typo never silently lifts a freeze.
 *
 * <pre>
 * data:
 *   year-end: |
 *     stages: [staging, production]
 *     timeZone: Europe/Berlin
 *     from: 2026-12-21          # inclusive dates in the time zone
 *     to: 2027-01-04
 *     reason: year-end freeze
 *   quarter-close: |
 *     stages: [production]
 *     timeZone: America/New_York
 *     start: 2026-03-25T00:00   # a recurring period, as a window gate's deny rules
 *     duration: 7d
 *     rrule: FREQ=MONTHLY;INTERVAL=3
 *     reason: quarter close
 * </pre>
 */
public final class FreezeCalendar {
  public static final String NAME = "stageline-freeze-calendar";
  /** Entries read per calendar; more are refused as one invalid entry (fail closed). */
  static final int MAX_ENTRIES = 64;
  /** Bytes per entry: a freeze is a few lines. */
  static final int MAX_ENTRY_BYTES = 4096;
  /** As a window gate's rules: the calendar looks back 100 days for a period that still holds. */
  private static final Pattern RECURRING_DURATION = Pattern.compile("^([0-9]{1,2}d)?([0-9]{1,4}h)?([0-9]{1,6}m)?$");
  private static final Pattern KEY = Pattern.compile("^[-._a-zA-Z0-9]{1,63}$");
  private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A freeze that holds now: the message promotions wait on, and when to look again (null: when the calendar changes). */
  public record Hold(String message, Instant until) {}

  /** One freeze as written in the calendar. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  static final class Entry {
    public List<String> stages = new ArrayList<>();
    public String timeZone;
    public String from;
    public String to;
    public String start;
    public String duration;
    public String rrule;
    public List<String> exceptions = new ArrayList<>();
    public String reason;
  }

  private static final FreezeCalendar EMPTY = new FreezeCalendar(List.of(), null);

  /** The entries in key order, each read (or why it cannot be); null when there are too many to read. */
  private final List<Read> entries;
  /** Set when the calendar as a whole is refused (too many entries): it holds every stage. */
  private final Hold refused;

  /** One entry: read, or the hold its error makes. */
  private record Read(String key, Entry entry, Hold invalid, String where) {}

  private FreezeCalendar(List<Read> entries, Hold refused) {
    this.entries = entries;
    this.refused = refused;
  }

  /** Reads the calendar's entries (YAML) once; {@link #holds(Stage, Instant)} then only does date arithmetic. */
  public static FreezeCalendar read(ConfigMap calendar) {
    if (calendar == null || calendar.getData() == null || calendar.getData().isEmpty()) {
      return EMPTY;
    }
    String where = "ConfigMap " + calendar.getMetadata().getNamespace() + "/" + NAME;
    Map<String, String> data = new TreeMap<>(calendar.getData());
    if (data.size() > MAX_ENTRIES) {
      return new FreezeCalendar(List.of(), new Hold("freeze calendar " + where + " has " + data.size()
          + " entries, at most " + MAX_ENTRIES + " are read; promotions are held until it is fixed", null));
    }
    List<Read> entries = new ArrayList<>();
    for (Map.Entry<String, String> e : data.entrySet()) {
      try {
        entries.add(new Read(e.getKey(), read(e.getKey(), e.getValue()), null, where));
      } catch (IllegalArgumentException invalid) {
        // which stages an unreadable entry meant cannot be trusted either: it holds every stage
        entries.add(new Read(e.getKey(), null, invalid(e.getKey(), where, invalid.getMessage()), where));
      }
    }
    return new FreezeCalendar(List.copyOf(entries), null);
  }

  /** The freeze that holds promotions into {@code stage} at {@code now}, if any. */
  public static Optional<Hold> holds(ConfigMap calendar, Stage stage, Instant now) {
    return read(calendar).holds(stage, now);
  }

  /** The freeze of this calendar that holds promotions into {@code stage} at {@code now}, if any. */
  public Optional<Hold> holds(Stage stage, Instant now) {
    if (refused != null) {
      return Optional.of(refused);
    }
    Hold longest = null;
    for (Read e : entries) {
      Optional<Hold> hold = e.invalid() != null ? Optional.of(e.invalid())
          : entryHolds(e.key(), e.entry(), stage, now, e.where());
      if (hold.isPresent() && (longest == null || later(hold.get().until(), longest.until()))) {
        longest = hold.get();
      }
    }
    return Optional.ofNullable(longest);
  }

  /**
   * The calendar of the ConfigMap as last read: the YAML is parsed again only when the ConfigMap's
   * resourceVersion changes, not on every reconcile of every waiting promotion.
   */
  public static final class Memo {
    private String version;
    private FreezeCalendar calendar = EMPTY;

    public synchronized FreezeCalendar of(ConfigMap configMap) {
      if (configMap == null || configMap.getMetadata().getResourceVersion() == null) {
        return read(configMap); // nothing to key on (an object not from the API): read as it is
      }
      // resourceVersion is compared for equality only (Kubernetes defines it as opaque); the uid tells a re-created one
      String v = configMap.getMetadata().getUid() + "/" + configMap.getMetadata().getResourceVersion();
      if (!v.equals(version)) {
        calendar = read(configMap);
        version = v;
      }
      return calendar;
    }
  }

  /** Null (a hold until the calendar is fixed) outlasts any end. */
  private static boolean later(Instant a, Instant b) {
    return a == null || (b != null && a.isAfter(b));
  }

  private static Optional<Hold> entryHolds(String key, Entry entry, Stage stage, Instant now, String where) {
    if (!entry.stages.contains("*") && !entry.stages.contains(stage.value())) {
      return Optional.empty();
    }
    try {
      WindowCalendar calendar = WindowCalendar.of(asWindow(entry), now);
      Optional<WindowCalendar.Period> closing = calendar.closing(now);
      if (closing.isEmpty()) {
        return Optional.empty();
      }
      Instant until = calendar.nextOpening(now).orElse(null);
      String reason = entry.reason == null || entry.reason.isBlank() ? "" : " (" + entry.reason.strip() + ")";
      String end = until == null ? "beyond " + WindowCalendar.HORIZON_DAYS + " days"
          : "until " + until.atZone(calendar.zone()).format(UNTIL) + " " + calendar.zone().getId();
      return Optional.of(new Hold("frozen " + end + " by freeze '" + key + "'" + reason + " in " + where, until));
    } catch (RuntimeException e) {
      return Optional.of(invalid(key, where, "it cannot be evaluated"));
    }
  }

  private static Hold invalid(String key, String where, String why) {
    return new Hold("freeze '" + key + "' in " + where + " is invalid (" + why + "); promotions are held until it is fixed",
        null);
  }

  /** Reads and checks one entry; the message says what is wrong without echoing the text. */
  static Entry read(String key, String text) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("the key is not a name of at most 63 letters, digits, '-', '_' or '.'");
    }
    if (text == null || text.length() > MAX_ENTRY_BYTES) {
      throw new IllegalArgumentException("an entry is a YAML document of at most " + MAX_ENTRY_BYTES + " characters");
    }
    Entry e;
    try {
      e = YAML.readValue(text, Entry.class);
    } catch (Exception ex) {
      throw new IllegalArgumentException("not a YAML mapping of stages, timeZone, from/to or start/duration/rrule, "
          + "exceptions and reason");
    }
    if (e == null) {
      throw new IllegalArgumentException("the entry is empty");
    }
    if (e.stages == null || e.stages.isEmpty()) {
      throw new IllegalArgumentException("stages is required: the stages it freezes, or [\"*\"] for all");
    }
    for (String s : e.stages) {
      if (!"*".equals(s) && Arrays.stream(Stage.values()).noneMatch(v -> v.value().equals(s))) {
        throw new IllegalArgumentException("stage \"" + clip(s) + "\" is not development, test, staging, production or *");
      }
    }
    if (e.timeZone == null || e.timeZone.length() > 64) {
      throw new IllegalArgumentException("timeZone is required, an IANA zone such as Europe/Berlin");
    }
    try {
      ZoneId.of(e.timeZone);
    } catch (DateTimeException ex) {
      throw new IllegalArgumentException("timeZone \"" + clip(e.timeZone) + "\" is not an IANA time zone");
    }
    boolean range = e.from != null || e.to != null;
    boolean recurring = e.start != null || e.duration != null || e.rrule != null;
    if (range == recurring) {
      throw new IllegalArgumentException("give either from and to (dates) or start and duration (with an optional rrule)");
    }
    if (range) {
      try {
        if (e.from == null || e.to == null || LocalDate.parse(e.to).isBefore(LocalDate.parse(e.from))) {
          throw new IllegalArgumentException("from and to are dates like 2026-12-21, to not before from");
        }
      } catch (DateTimeParseException ex) {
        throw new IllegalArgumentException("from and to are dates like 2026-12-21");
      }
    } else {
      if (e.start == null || e.duration == null) {
        throw new IllegalArgumentException("a recurring freeze needs start (like 2026-03-25T00:00) and duration (like 7d)");
      }
      if (!RECURRING_DURATION.matcher(e.duration).matches()) {
        throw new IllegalArgumentException("duration is like 4h, 90m or 7d, at most 99d");
      }
      try {
        WindowCalendar.check(recurrence(e));
      } catch (DateTimeException ex) {
        throw new IllegalArgumentException("start and exceptions are local date-times like 2026-03-25T00:00");
      }
    }
    return e;
  }

  /** The entry as a window that is always open but for the freeze, so the window's calendar does the arithmetic. */
  private static WindowGate asWindow(Entry e) {
    WindowGate w = new WindowGate();
    w.setTimeZone(e.timeZone);
    if (e.from != null) {
      Freeze f = new Freeze();
      f.setFrom(e.from);
      f.setTo(e.to);
      f.setReason(e.reason);
      w.setFreezes(List.of(f));
    } else {
      w.setDeny(List.of(recurrence(e)));
    }
    return w;
  }

  private static Recurrence recurrence(Entry e) {
    Recurrence r = new Recurrence();
    r.setStart(e.start);
    r.setDuration(e.duration);
    r.setRrule(e.rrule);
    r.setExceptions(e.exceptions == null ? List.of() : e.exceptions);
    r.setReason(e.reason);
    return r;
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
