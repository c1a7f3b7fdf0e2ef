package io.stageline.masking;

import io.stageline.api.v1alpha1.DataMasking.Strategy;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV content inside a value, masked in one streaming pass: the first non-empty row is the header,
 * rules address columns by header name, the detectors scrub the other cells and the header's.
 *
 * <p>Read by hand rather than with jackson-dataformat-csv (which the benchmark's baseline uses): the
 * reader walks the value in place and copies every cell nothing changed as it was written, byte for
 * byte (its quoting, empty lines, line endings), so only masked cells are re-encoded (quoted where
 * the separator, a quote or a line break makes CSV need it, or where the original was quoted), and
 * no row is materialised. RFC 4180 quoting ({@code ""} inside quotes); a quote that is never closed,
 * or text after a closing quote, is not CSV and the value is redacted whole (fail closed).
 */
final class CsvContentMasker {
  private final ValueMasker values;
  private final List<String> notes;

  CsvContentMasker(ValueMasker values, List<String> notes) {
    this.values = values;
    this.notes = notes;
  }

  /** Not CSV: the caller redacts the value. */
  private static final class NotCsv extends Exception {
    NotCsv() {
      super(null, null, false, false);
    }
  }

  /** One cell of the current row: where its raw text is, and its value. */
  private static final class Cell {
    int start;
    int end;
    boolean quoted;
    String value;
  }

  String mask(String key, String value, List<MaskingPolicy.Rule> rules, boolean detectors) {
    try {
      return new Pass(key, value, rules, detectors).run();
    } catch (NotCsv e) {
      notes.add("key " + key + ": not valid CSV, value redacted whole");
      return values.apply(Strategy.redact, null, value);
    }
  }

  private final class Pass {
    private final String key;
    private final String text;
    private final List<MaskingPolicy.Rule> rules;
    private final boolean detectors;
    private final char separator;
    private final StringBuilder out;
    private final List<Cell> cells = new ArrayList<>();
    private int pos;
    private boolean changed;
    private List<String> header;
    private MaskingPolicy.Rule[] ruled = new MaskingPolicy.Rule[0];
    private boolean[] removed = new boolean[0];

    Pass(String key, String text, List<MaskingPolicy.Rule> rules, boolean detectors) {
      this.key = key;
      this.text = text;
      this.rules = rules;
      this.detectors = detectors;
      this.separator = separatorOf(text);
      this.out = new StringBuilder(text.length() + 64);
    }

    String run() throws NotCsv {
      int n = text.length();
      while (pos < n) {
        int lineStart = pos;
        if (text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
          // an empty line: kept as it was, never a header
          pos = skipLineEnd(pos);
          out.append(text, lineStart, pos);
          continue;
        }
        readRow();
        int rowEnd = pos;
        pos = skipLineEnd(pos);
        if (header == null) {
          header(rowEnd);
        } else {
          row();
        }
        out.append(text, rowEnd, pos);
      }
      if (header == null) {
        return text;
      }
      return changed ? out.toString() : text;
    }

    private int skipLineEnd(int at) {
      if (at < text.length() && text.charAt(at) == '\r') {
        at++;
      }
      if (at < text.length() && text.charAt(at) == '\n') {
        at++;
      }
      return at;
    }

    /** Reads one row's cells up to (not including) its line end. */
    private void readRow() throws NotCsv {
      int n = text.length();
      int count = 0;
      while (true) {
        Cell cell = count < cells.size() ? cells.get(count) : add();
        count++;
        cell.start = pos;
        if (pos < n && text.charAt(pos) == '"') {
          cell.quoted = true;
          StringBuilder v = null;
          int from = pos + 1;
          int i = from;
          while (true) {
            int q = text.indexOf('"', i);
            if (q < 0) {
              throw new NotCsv();
            }
            if (q + 1 < n && text.charAt(q + 1) == '"') {
              if (v == null) {
                v = new StringBuilder();
              }
              v.append(text, from, q + 1);
              i = q + 2;
              from = i;
              continue;
            }
            cell.value = v == null ? text.substring(from, q) : v.append(text, from, q).toString();
            pos = q + 1;
            break;
          }
          if (pos < n && text.charAt(pos) != separator && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
            throw new NotCsv();
          }
        } else {
          cell.quoted = false;
          int i = pos;
          while (i < n) {
            char c = text.charAt(i);
            if (c == separator || c == '\n' || c == '\r') {
              break;
            }
            i++;
          }
          cell.value = text.substring(pos, i);
          pos = i;
        }
        cell.end = pos;
        if (pos < n && text.charAt(pos) == separator) {
          pos++;
          continue;
        }
        break;
      }
      while (cells.size() > count) {
        cells.remove(cells.size() - 1);
      }
    }

    private Cell add() {
      Cell cell = new Cell();
      cells.add(cell);
      return cell;
    }

    private void header(int rowEnd) {
      List<String> names = new ArrayList<>(cells.size());
      for (Cell c : cells) {
        names.add(c.value);
      }
      header = names;
      ruled = new MaskingPolicy.Rule[names.size()];
      removed = new boolean[names.size()];
      for (MaskingPolicy.Rule rule : rules) {
        int column = names.indexOf(rule.csvColumn());
        if (column < 0) {
          notes.add("key " + key + ": rule " + rule.index() + " names column " + rule.csvColumn() + ", not in the header");
          continue;
        }
        if (rule.strategy() == Strategy.remove) {
          removed[column] = true;
        }
        if (ruled[column] == null) {
          ruled[column] = rule;
        }
      }
      // header cells are scanned like values: a header row can carry personal data too
      write(true);
    }

    private void row() {
      write(false);
    }

    /** A data cell: its column's rule, else the detectors with the column's name as context. */
    private String maskCell(int column, Cell c) {
      MaskingPolicy.Rule rule = column < ruled.length ? ruled[column] : null;
      if (rule != null) {
        if (c.value.isEmpty()) {
          return c.value;
        }
        String masked = values.apply(rule.transform(), c.value);
        return masked == null ? "" : masked;
      }
      return detectors ? values.scrubField(column < header.size() ? header.get(column) : null, c.value) : c.value;
    }

    /** Writes the current row (the header: scanned without context), removed columns left out. */
    private void write(boolean headerRow) {
      boolean first = true;
      for (int i = 0; i < cells.size(); i++) {
        Cell c = cells.get(i);
        String masked = headerRow ? (detectors ? values.scrub(c.value) : c.value) : maskCell(i, c);
        if (i < removed.length && removed[i]) {
          changed = true;
          continue;
        }
        if (!first) {
          out.append(separator);
        }
        first = false;
        if (masked.equals(c.value)) {
          out.append(text, c.start, c.end);
        } else {
          changed = true;
          encode(masked, c.quoted);
        }
      }
    }

    private void encode(String value, boolean quoted) {
      boolean quote = quoted;
      for (int i = 0; i < value.length() && !quote; i++) {
        char c = value.charAt(i);
        quote = c == separator || c == '"' || c == '\n' || c == '\r';
      }
      if (!quote) {
        out.append(value);
        return;
      }
      out.append('"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '"') {
          out.append('"');
        }
        out.append(c);
      }
      out.append('"');
    }
  }

  /** The header line's separator: ';' or tab when it has those and no comma, else ','. */
  static char separatorOf(String value) {
    int end = value.indexOf('\n');
    String header = end < 0 ? value : value.substring(0, end);
    if (header.indexOf(',') < 0) {
      if (header.indexOf(';') >= 0) {
        return ';';
      }
      if (header.indexOf('\t') >= 0) {
        return '\t';
      }
    }
    return ',';
  }
}
