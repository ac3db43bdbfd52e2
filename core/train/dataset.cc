// Reading labelled documents: JSON Lines, CSV, TSV and fastText (see topica/dataset.h).
//
// Why it is written this way:
//  - The whole input is read into one buffer and cut into string_views; the only copies are
//    the documents' own strings. Flat JSON records (the usual case) go through a small
//    scanner, FastJsonRecord, and everything else through nlohmann's DOM parser, which is
//    about 4x slower. 20 Newsgroups' train split (22 MB) reads in about 0.1 s.
//  - User data must never make the library throw (style.md §3.5). JSON is parsed with
//    allow_exceptions=false and every value's type is checked before it is read. When a line
//    is not valid JSON it is parsed a second time with a SAX handler that only records the
//    parser's error, which gives nlohmann's exact message without any try/catch.
//  - Status codes: kNotFound for a missing file, kIoError for a failed read, kDataLoss for
//    bytes that are not well-formed (JSON syntax, CSV quoting, field counts, UTF-8), and
//    kInvalidArgument for well-formed input that does not fit (no text, wrong types, missing
//    column, empty label, no documents, unknown format, bad options).
//  - Every message starts "source:line: " (or "source: " when no line applies) so editors and
//    terminals can jump to it.
#include "topica/dataset.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include "json_error.h"

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

namespace topica {
namespace {

using nlohmann::json;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view TrimLeft(std::string_view s) {
  size_t b = 0;
  while (b < s.size() && IsSpace(s[b])) ++b;
  return s.substr(b);
}

std::string_view TrimRight(std::string_view s) {
  size_t e = s.size();
  while (e > 0 && IsSpace(s[e - 1])) --e;
  return s.substr(0, e);
}

std::string_view Trim(std::string_view s) { return TrimRight(TrimLeft(s)); }

bool IsBlank(std::string_view s) { return TrimLeft(s).empty(); }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// "source: message"
Status SourceError(StatusCode code, std::string_view source, std::string_view message) {
  std::string m;
  m.reserve(source.size() + message.size() + 2);
  m.append(source).append(": ").append(message);
  return Status(code, std::move(m));
}

// "source:line: message"
Status LineError(StatusCode code, std::string_view source, int64_t line, std::string_view message) {
  std::string m;
  m.reserve(source.size() + message.size() + 24);
  m.append(source).append(":").append(std::to_string(line)).append(": ").append(message);
  return Status(code, std::move(m));
}

// User data quoted in a message: at most `max_bytes`, cut on a UTF-8 character boundary.
std::string Excerpt(std::string_view s, size_t max_bytes = 40) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

// Cuts text into lines without copying. '\n' ends a line; a '\r' right before it (CRLF) is
// dropped, so Windows files read like Unix ones.
class LineSplitter {
 public:
  explicit LineSplitter(std::string_view content) : content_(content) {}

  // The next line (without terminator) and its 1-based number; false at the end.
  bool Next(std::string_view* line, int64_t* number) {
    if (pos_ >= content_.size()) return false;
    const char* begin = content_.data() + pos_;
    const size_t rest = content_.size() - pos_;
    const void* nl = std::memchr(begin, '\n', rest);
    size_t len = nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - begin) : rest;
    pos_ += len + (nl != nullptr ? 1 : 0);
    if (len > 0 && begin[len - 1] == '\r') --len;
    *line = std::string_view(begin, len);
    *number = ++line_;
    return true;
  }

 private:
  std::string_view content_;
  size_t pos_ = 0;
  int64_t line_ = 0;
};

Status CheckUtf8(std::string_view bytes, std::string_view what, std::string_view source,
                 int64_t line) {
  size_t bad = 0;
  if (IsValidUtf8(bytes, &bad)) return Status::Ok();
  std::string m(what);
  m.append(" is not valid UTF-8 (byte offset ").append(std::to_string(bad)).append(")");
  return LineError(StatusCode::kDataLoss, source, line, m);
}

// Adds one label, trimmed of surrounding whitespace, unless the document already has it.
// An empty label is dropped (`drop_empty`, CSV/TSV cells) or an error (JSON Lines, where []
// is the way to say "no labels").
Status AddLabel(std::string_view raw, bool drop_empty, std::string_view source, int64_t line,
                Document* doc) {
  Status s = CheckUtf8(raw, "label", source, line);
  if (!s.ok()) return s;
  std::string_view label = Trim(raw);
  if (label.empty()) {
    if (drop_empty) return Status::Ok();
    return LineError(StatusCode::kInvalidArgument, source, line,
                     "empty label (use [] for a record with no labels)");
  }
  for (const std::string& have : doc->labels) {
    if (have == label) return Status::Ok();
  }
  doc->labels.emplace_back(label);
  return Status::Ok();
}

// ---- JSON Lines ----------------------------------------------------------------------

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error
// while parsing object - ...; last read: '...'" becomes "column 9: syntax error while parsing
// object - ...". The line is always 1 (each line is parsed alone) and a long "last read" is
// shortened: it can hold a whole unterminated text.
std::string JsonSyntaxMessage(std::string_view line) {
  std::string m = internal::JsonParseError(line);
  if (m.empty()) return "invalid JSON";
  constexpr std::string_view kAtLine1 = "parse error at line 1, ";
  if (StartsWith(m, kAtLine1)) m.erase(0, kAtLine1.size());
  constexpr std::string_view kLastRead = "; last read: '";
  const size_t last_read = m.find(kLastRead);
  if (last_read != std::string::npos) {
    const size_t begin = last_read + kLastRead.size();
    size_t end = m.rfind("'; expected ");
    if (end == std::string::npos || end < begin) end = m.size() - 1;  // the closing quote
    if (end > begin && end - begin > 40) {
      m.replace(begin, end - begin, Excerpt(std::string_view(m).substr(begin, end - begin), 30));
    }
  }
  return "invalid JSON: " + m;
}

// The fields topica reads from one JSON Lines record, before labels are trimmed and checked.
struct RawRecord {
  std::string text;
  bool has_labels = false;  // present and not null
  std::vector<std::string> labels;
  bool has_id = false;  // present and not null
  std::string id;
};

// Fast path for the common record: one flat object whose values are strings, numbers without
// an exponent, true/false/null, or arrays of strings. nlohmann's DOM parser spends most of
// its time on per-character bookkeeping (about 65 MB/s); this scanner is several times faster.
// It accepts only valid JSON and only records that need no error: "text" a string, "labels"
// missing, null, a string or an array of strings, "id" missing, null or a string. For
// anything else (nested values, exponents, bad escapes or UTF-8, numeric ids, errors) it
// returns false and the line is parsed again by nlohmann, which gives the result or the
// exact error. Duplicate keys: the last one wins, as in nlohmann.
class FastJsonRecord {
 public:
  FastJsonRecord(std::string_view line, const DataOptions& options, RawRecord* out)
      : s_(line), options_(options), out_(out) {}

  bool Parse() {
    if (options_.text_field == options_.labels_field || options_.text_field == options_.id_field ||
        options_.labels_field == options_.id_field) {
      return false;
    }
    bool has_text = false;
    SkipWs();
    if (!Eat('{')) return false;
    SkipWs();
    if (Eat('}')) return false;  // no text
    for (;;) {
      if (Peek() != '"' || !ParseString(&key_buffer_)) return false;
      const std::string& key = key_buffer_;
      SkipWs();
      if (!Eat(':')) return false;
      SkipWs();
      enum { kText, kLabels, kId, kOther } which = kOther;
      if (key == options_.text_field) {
        which = kText;
      } else if (key == options_.labels_field) {
        which = kLabels;
      } else if (key == options_.id_field) {
        which = kId;
      }
      switch (Peek()) {
        case '"':
          if (which == kLabels) {
            out_->labels.clear();
            out_->labels.emplace_back();
            if (!ParseString(&out_->labels.back())) return false;
            out_->has_labels = true;
          } else {
            std::string* target = which == kText ? &out_->text : which == kId ? &out_->id : nullptr;
            if (!ParseString(target)) return false;
            if (which == kText) has_text = true;
            if (which == kId) out_->has_id = true;
          }
          break;
        case '[':
          if (which == kText || which == kId) return false;
          if (which == kLabels) {
            out_->labels.clear();
            out_->has_labels = true;
          }
          if (!ParseStringArray(which == kLabels ? &out_->labels : nullptr)) return false;
          break;
        case 'n':
          if (!EatWord("null") || which == kText) return false;
          if (which == kLabels) {
            out_->labels.clear();
            out_->has_labels = false;
          }
          if (which == kId) {
            out_->id.clear();
            out_->has_id = false;
          }
          break;
        case 't':
          if (which != kOther || !EatWord("true")) return false;
          break;
        case 'f':
          if (which != kOther || !EatWord("false")) return false;
          break;
        default:
          if (which != kOther || !ParseNumber()) return false;
          break;
      }
      SkipWs();
      if (Eat(',')) {
        SkipWs();
        continue;
      }
      if (Eat('}')) break;
      return false;
    }
    SkipWs();
    return pos_ == s_.size() && has_text;
  }

 private:
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool Eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool EatWord(std::string_view word) {
    if (s_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }
  void SkipWs() {  // JSON's four whitespace characters
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n')) {
      ++pos_;
    }
  }
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  // True when some byte of `w` is '"', '\\' or below 0x20 (the bit tricks from "Bit
  // Twiddling Hacks": a zero byte of w ^ c marks a byte equal to c; no false negatives, and
  // a false positive only sends the caller to its byte loop).
  static bool HasSpecialByte(uint64_t w) {
    constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    const uint64_t quote = w ^ (kOnes * '"');
    const uint64_t backslash = w ^ (kOnes * '\\');
    const uint64_t hits =
        ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | ((w - kOnes * 0x20) & ~w);
    return (hits & kHigh) != 0;
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)? with at most 300 integer digits: such a number is finite
  // as a double, so nlohmann accepts it too (it rejects overflow). Exponents go the slow way.
  bool ParseNumber() {
    Eat('-');
    const size_t int_begin = pos_;
    if (Eat('0')) {
    } else if (IsDigit(Peek()) && Peek() != '0') {
      while (IsDigit(Peek())) ++pos_;
    } else {
      return false;
    }
    if (pos_ - int_begin > 300) return false;
    if (Eat('.')) {
      if (!IsDigit(Peek())) return false;
      while (IsDigit(Peek())) ++pos_;
    }
    return Peek() != 'e' && Peek() != 'E';
  }

  // At a '"': reads the string into *out, or only checks it when `out` is null.
  bool ParseString(std::string* out) {
    ++pos_;
    const size_t begin = pos_;
    bool escaped = false;
    for (;;) {
      // Skip 8 plain bytes at a time: none is '"', '\\' or a control character.
      while (pos_ + 8 <= s_.size()) {
        uint64_t w;
        std::memcpy(&w, s_.data() + pos_, 8);
        if (HasSpecialByte(w)) break;
        pos_ += 8;
      }
      if (pos_ >= s_.size()) return false;
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') break;
      if (c < 0x20) return false;  // control characters must be escaped
      if (c == '\\') {
        escaped = true;
        pos_ += 2;
        continue;
      }
      ++pos_;
    }
    const std::string_view raw = s_.substr(begin, pos_ - begin);
    ++pos_;  // the closing quote
    if (!IsValidUtf8(raw)) return false;
    if (!escaped) {
      if (out != nullptr) out->assign(raw);
      return true;
    }
    std::string* target = out != nullptr ? out : &scratch_;
    target->clear();
    return Unescape(raw, target);
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  static bool Hex4(std::string_view s, size_t at, uint32_t* value) {
    if (at + 4 > s.size()) return false;
    uint32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
      const int h = Hex(s[at + k]);
      if (h < 0) return false;
      v = v * 16 + static_cast<uint32_t>(h);
    }
    *value = v;
    return true;
  }

  static bool Unescape(std::string_view raw, std::string* out) {
    out->reserve(raw.size());
    size_t i = 0;
    for (;;) {
      const size_t b = raw.find('\\', i);
      out->append(raw.substr(i, b == std::string_view::npos ? b : b - i));
      if (b == std::string_view::npos) return true;
      if (b + 1 >= raw.size()) return false;
      i = b + 2;
      switch (raw[b + 1]) {
        case '"':
          *out += '"';
          break;
        case '\\':
          *out += '\\';
          break;
        case '/':
          *out += '/';
          break;
        case 'b':
          *out += '\b';
          break;
        case 'f':
          *out += '\f';
          break;
        case 'n':
          *out += '\n';
          break;
        case 'r':
          *out += '\r';
          break;
        case 't':
          *out += '\t';
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(raw, i, &cp)) return false;
          i += 4;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // lone low surrogate
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low = 0;
            if (i + 2 > raw.size() || raw[i] != '\\' || raw[i + 1] != 'u' ||
                !Hex4(raw, i + 2, &low) || low < 0xDC00 || low > 0xDFFF) {
              return false;
            }
            i += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          if (cp < 0x80) {
            *out += static_cast<char>(cp);
          } else if (cp < 0x800) {
            *out += static_cast<char>(0xC0 | (cp >> 6));
            *out += static_cast<char>(0x80 | (cp & 0x3F));
          } else if (cp < 0x10000) {
            *out += static_cast<char>(0xE0 | (cp >> 12));
            *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            *out += static_cast<char>(0x80 | (cp & 0x3F));
          } else {
            *out += static_cast<char>(0xF0 | (cp >> 18));
            *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            *out += static_cast<char>(0x80 | (cp & 0x3F));
          }
          break;
        }
        default:
          return false;
      }
    }
  }

  // At a '['. Strings only; `out` null: validate and drop.
  bool ParseStringArray(std::vector<std::string>* out) {
    ++pos_;
    SkipWs();
    if (Eat(']')) return true;
    for (;;) {
      if (Peek() != '"') return false;
      std::string* target = nullptr;
      if (out != nullptr) {
        out->emplace_back();
        target = &out->back();
      }
      if (!ParseString(target)) return false;
      SkipWs();
      if (Eat(',')) {
        SkipWs();
        continue;
      }
      return Eat(']');
    }
  }

  std::string_view s_;
  const DataOptions& options_;
  RawRecord* out_;
  size_t pos_ = 0;
  std::string key_buffer_, scratch_;
};

// The DOM path: any JSON, exact errors.
Status ParseJsonRecordSlow(std::string_view line, bool first_record, std::string_view source,
                           int64_t number, const DataOptions& options, RawRecord* out) {
  json record = json::parse(line.data(), line.data() + line.size(), nullptr,
                            /*allow_exceptions=*/false);
  if (record.is_discarded()) {
    // Bad UTF-8 also fails the JSON lexer; say so plainly, with the offset in the line.
    Status utf8 = CheckUtf8(line, "line", source, number);
    if (!utf8.ok()) return utf8;
    std::string m = JsonSyntaxMessage(line);
    if (first_record && StartsWith(TrimLeft(line), "[")) {
      m += " (a JSON array? topica reads JSON Lines: one object per line)";
    }
    return LineError(StatusCode::kDataLoss, source, number, m);
  }
  if (!record.is_object()) {
    std::string m = std::string("expected a JSON object, got ") + record.type_name();
    if (record.is_array()) m += " (JSON Lines has one object per line)";
    return LineError(StatusCode::kInvalidArgument, source, number, m);
  }

  auto text = record.find(options.text_field);
  if (text == record.end() || !text->is_string()) {
    std::string m = "record has no '" + options.text_field + "' string";
    if (text != record.end()) m.append(" (it is ").append(text->type_name()).append(")");
    return LineError(StatusCode::kInvalidArgument, source, number, m);
  }
  out->text = std::move(text->get_ref<std::string&>());

  auto labels = record.find(options.labels_field);
  if (labels == record.end() || labels->is_null()) {
    out->has_labels = false;
  } else if (labels->is_string()) {
    out->has_labels = true;
    out->labels.push_back(std::move(labels->get_ref<std::string&>()));
  } else if (labels->is_array()) {
    out->has_labels = true;
    size_t i = 0;
    for (json& label : *labels) {
      if (!label.is_string()) {
        return LineError(StatusCode::kInvalidArgument, source, number,
                         "'" + options.labels_field + "' [" + std::to_string(i) + "] is " +
                             label.type_name() + ", expected a string");
      }
      out->labels.push_back(std::move(label.get_ref<std::string&>()));
      ++i;
    }
  } else {
    return LineError(StatusCode::kInvalidArgument, source, number,
                     "'" + options.labels_field +
                         "' must be a string or an array of strings, got " + labels->type_name());
  }

  auto id = record.find(options.id_field);
  if (id == record.end() || id->is_null()) {
    out->has_id = false;
  } else if (id->is_string()) {
    out->has_id = true;
    out->id = std::move(id->get_ref<std::string&>());
  } else if (id->is_number()) {
    out->has_id = true;
    out->id = id->dump();  // numbers never make dump() throw
  } else {
    return LineError(
        StatusCode::kInvalidArgument, source, number,
        "'" + options.id_field + "' must be a string or a number, got " + id->type_name());
  }
  return Status::Ok();
}

// Checks and stores what both paths extracted. The fast path has validated the UTF-8 of
// every string; nlohmann's lexer does too, but that is its behaviour rather than its
// contract, so strings from the DOM path are checked again (`utf8_checked` false).
Status FinishJsonRecord(RawRecord* raw, bool utf8_checked, std::string_view source, int64_t number,
                        const DataOptions& options, Document* doc) {
  doc->line = number;
  Status s;
  if (!utf8_checked) {
    s = CheckUtf8(raw->text, "text", source, number);
    if (!s.ok()) return s;
  }
  doc->text = std::move(raw->text);
  if (!raw->has_labels && options.require_labels) {
    return LineError(
        StatusCode::kInvalidArgument, source, number,
        "record has no '" + options.labels_field + "' (a string or an array of strings)");
  }
  for (const std::string& label : raw->labels) {
    s = AddLabel(label, /*drop_empty=*/false, source, number, doc);
    if (!s.ok()) return s;
  }
  if (raw->has_id) {
    if (!utf8_checked) {
      s = CheckUtf8(raw->id, "id", source, number);
      if (!s.ok()) return s;
    }
    doc->id = std::move(raw->id);
  } else {
    doc->id = std::to_string(number);
  }
  return Status::Ok();
}

Status ParseJsonl(std::string_view content, std::string_view source, const DataOptions& options,
                  std::vector<Document>* docs) {
  LineSplitter lines(content);
  std::string_view line;
  int64_t number = 0;
  bool first = true;
  while (lines.Next(&line, &number)) {
    if (IsBlank(line)) continue;
    const bool first_record = first;
    first = false;
    RawRecord raw;
#ifndef TOPICA_JSONL_NO_FAST_PATH  // defined only to test the fast path against nlohmann
    const bool fast = FastJsonRecord(line, options, &raw).Parse();
#else
    const bool fast = false;
#endif
    if (!fast) {
      raw = RawRecord();
      Status s = ParseJsonRecordSlow(line, first_record, source, number, options, &raw);
      if (!s.ok()) return s;
    }
    Document doc;
    Status s = FinishJsonRecord(&raw, /*utf8_checked=*/fast, source, number, options, &doc);
    if (!s.ok()) return s;
    docs->push_back(std::move(doc));
  }
  return Status::Ok();
}

// ---- CSV and TSV -----------------------------------------------------------------------

struct Columns {
  size_t count = 0;  // fields per row, from the header
  int64_t text = -1, labels = -1, id = -1;
};

template <class Field>
std::string ListColumns(const std::vector<Field>& header) {
  std::string list;
  for (size_t i = 0; i < header.size(); ++i) {
    if (i == 20) {
      list.append(", ... (").append(std::to_string(header.size())).append(" in all)");
      break;
    }
    if (i > 0) list += ", ";
    list += Excerpt(Trim(header[i]));
  }
  return list;
}

// Column names are matched after trimming whitespace ("text, labels" headers are common).
template <class Field>
Status FindColumns(const std::vector<Field>& header, std::string_view source, int64_t line,
                   const DataOptions& options, Columns* columns) {
  columns->count = header.size();
  auto find = [&](const std::string& name, int64_t* index) -> Status {
    for (size_t i = 0; i < header.size(); ++i) {
      if (Trim(header[i]) != name) continue;
      if (*index >= 0) {
        return LineError(StatusCode::kInvalidArgument, source, line,
                         "column '" + name + "' appears twice in the header");
      }
      *index = static_cast<int64_t>(i);
    }
    return Status::Ok();
  };
  Status s = find(options.text_field, &columns->text);
  if (s.ok()) s = find(options.labels_field, &columns->labels);
  if (s.ok()) s = find(options.id_field, &columns->id);
  if (!s.ok()) return s;
  if (columns->text < 0) {
    return LineError(StatusCode::kInvalidArgument, source, line,
                     "no column '" + options.text_field +
                         "' in the header (columns: " + ListColumns(header) + ")");
  }
  if (columns->labels < 0 && options.require_labels) {
    return LineError(StatusCode::kInvalidArgument, source, line,
                     "no column '" + options.labels_field +
                         "' in the header (columns: " + ListColumns(header) + ")");
  }
  return Status::Ok();
}

template <class Field>
Status MakeDocument(const std::vector<Field>& fields, const Columns& columns,
                    std::string_view source, int64_t line, const DataOptions& options,
                    std::vector<Document>* docs) {
  if (fields.size() != columns.count) {
    return LineError(StatusCode::kDataLoss, source, line,
                     "expected " + std::to_string(columns.count) +
                         " fields (as in the header), got " + std::to_string(fields.size()));
  }
  Document doc;
  doc.line = line;
  std::string_view text = fields[static_cast<size_t>(columns.text)];
  Status s = CheckUtf8(text, "text", source, line);
  if (!s.ok()) return s;
  doc.text.assign(text);

  if (columns.labels >= 0) {
    std::string_view cell = fields[static_cast<size_t>(columns.labels)];
    const std::string& sep = options.label_separator;
    if (sep.empty()) {
      s = AddLabel(cell, /*drop_empty=*/true, source, line, &doc);
      if (!s.ok()) return s;
    } else {
      size_t begin = 0;
      for (;;) {
        size_t end = cell.find(sep, begin);
        s = AddLabel(cell.substr(begin, end == std::string_view::npos ? end : end - begin),
                     /*drop_empty=*/true, source, line, &doc);
        if (!s.ok()) return s;
        if (end == std::string_view::npos) break;
        begin = end + sep.size();
      }
    }
  }

  std::string_view id = columns.id >= 0 ? Trim(fields[static_cast<size_t>(columns.id)]) : "";
  if (id.empty()) {
    doc.id = std::to_string(line);
  } else {
    s = CheckUtf8(id, "id", source, line);
    if (!s.ok()) return s;
    doc.id.assign(id);
  }
  docs->push_back(std::move(doc));
  return Status::Ok();
}

// RFC 4180 records. Records end at LF or CRLF; a field that starts with '"' runs to the
// matching unescaped quote and may hold commas, newlines and "" (one quote). As in Python's
// csv module, a quote inside an unquoted field is kept literally. Blank (empty or
// whitespace-only) lines between records are skipped.
class CsvReader {
 public:
  CsvReader(std::string_view content, std::string_view source)
      : content_(content), source_(source) {}

  // Reads the next record into *fields (reusing their storage); *got is false at the end.
  // *start_line is the line where the record starts.
  Status Next(std::vector<std::string>* fields, int64_t* start_line, bool* got) {
    // Skip blank (empty or whitespace-only) lines.
    for (;;) {
      size_t end = pos_;
      while (end < content_.size() && content_[end] != '\n' && IsSpace(content_[end])) ++end;
      if (end >= content_.size()) {
        pos_ = end;
        *got = false;
        return Status::Ok();
      }
      if (content_[end] != '\n') break;
      pos_ = end + 1;
      ++line_;
    }
    *got = true;
    *start_line = line_;
    size_t n = 0;
    for (;;) {
      if (n == fields->size()) fields->emplace_back();
      std::string& field = (*fields)[n++];
      field.clear();
      if (pos_ < content_.size() && content_[pos_] == '"') {
        const int64_t open_line = line_;
        ++pos_;
        for (;;) {
          const char* from = content_.data() + pos_;
          const void* q = std::memchr(from, '"', content_.size() - pos_);
          if (q == nullptr) {
            return LineError(StatusCode::kDataLoss, source_, open_line,
                             "a quoted field is never closed (missing '\"')");
          }
          const size_t len = static_cast<size_t>(static_cast<const char*>(q) - from);
          std::string_view part(from, len);
          field.append(part);
          for (char c : part) line_ += (c == '\n');
          pos_ += len + 1;
          if (pos_ < content_.size() && content_[pos_] == '"') {  // "" is one quote
            field += '"';
            ++pos_;
            continue;
          }
          break;
        }
        if (pos_ >= content_.size()) break;
        const char c = content_[pos_];
        if (c == ',') {
          ++pos_;
          continue;
        }
        if (c == '\n' || (c == '\r' && pos_ + 1 < content_.size() && content_[pos_ + 1] == '\n') ||
            (c == '\r' && pos_ + 1 == content_.size())) {
          EndLine();
          break;
        }
        return LineError(StatusCode::kDataLoss, source_, line_,
                         "unexpected character after a closing quote (a quote inside a quoted "
                         "field is written \"\")");
      }
      // Unquoted: up to the next comma or the end of the line.
      size_t end = pos_;
      while (end < content_.size() && content_[end] != ',' && content_[end] != '\n') ++end;
      std::string_view part = content_.substr(pos_, end - pos_);
      if (end == content_.size() || content_[end] == '\n') {
        if (!part.empty() && part.back() == '\r') part.remove_suffix(1);
        field.assign(part);
        pos_ = end;
        EndLine();
        break;
      }
      field.assign(part);
      pos_ = end + 1;  // past the comma
    }
    fields->resize(n);
    return Status::Ok();
  }

 private:
  // At '\n', "\r\n", a final '\r' or the end of the content: step past it.
  void EndLine() {
    if (pos_ < content_.size() && content_[pos_] == '\r') ++pos_;
    if (pos_ < content_.size() && content_[pos_] == '\n') ++pos_;
    ++line_;
  }

  std::string_view content_;
  std::string_view source_;
  size_t pos_ = 0;
  int64_t line_ = 1;
};

Status ParseCsv(std::string_view content, std::string_view source, const DataOptions& options,
                std::vector<Document>* docs) {
  CsvReader reader(content, source);
  std::vector<std::string> fields;
  int64_t line = 0;
  bool got = false;
  Status s = reader.Next(&fields, &line, &got);
  if (!s.ok() || !got) return s;
  Columns columns;
  s = FindColumns(fields, source, line, options, &columns);
  if (!s.ok()) return s;
  for (;;) {
    s = reader.Next(&fields, &line, &got);
    if (!s.ok() || !got) return s;
    s = MakeDocument(fields, columns, source, line, options, docs);
    if (!s.ok()) return s;
  }
}

// TSV: one record per line, fields split on tabs, no quoting or escapes.
Status ParseTsv(std::string_view content, std::string_view source, const DataOptions& options,
                std::vector<Document>* docs) {
  LineSplitter lines(content);
  std::string_view line;
  int64_t number = 0;
  std::vector<std::string_view> fields;
  bool have_header = false;
  Columns columns;
  while (lines.Next(&line, &number)) {
    if (IsBlank(line)) continue;
    fields.clear();
    size_t begin = 0;
    for (;;) {
      size_t tab = line.find('\t', begin);
      fields.push_back(line.substr(begin, tab == std::string_view::npos ? tab : tab - begin));
      if (tab == std::string_view::npos) break;
      begin = tab + 1;
    }
    Status s = have_header ? MakeDocument(fields, columns, source, number, options, docs)
                           : FindColumns(fields, source, number, options, &columns);
    if (!s.ok()) return s;
    have_header = true;
  }
  return Status::Ok();
}

// ---- fastText --------------------------------------------------------------------------

// "__label__a __label__b some text": the leading words with the prefix are labels, the rest
// of the line (trailing whitespace dropped) is the text. A line without labels is a document
// without labels: the format cannot tell "missing" from "none".
Status ParseFastText(std::string_view content, std::string_view source, const DataOptions& options,
                     std::vector<Document>* docs) {
  const std::string& prefix = options.fasttext_prefix;
  LineSplitter lines(content);
  std::string_view line;
  int64_t number = 0;
  while (lines.Next(&line, &number)) {
    if (IsBlank(line)) continue;
    Document doc;
    doc.line = number;
    doc.id = std::to_string(number);
    std::string_view rest = TrimLeft(line);
    while (StartsWith(rest, prefix)) {
      size_t end = 0;
      while (end < rest.size() && !IsSpace(rest[end])) ++end;
      std::string_view label = rest.substr(prefix.size(), end - prefix.size());
      if (label.empty()) {
        return LineError(StatusCode::kInvalidArgument, source, number,
                         "empty label ('" + prefix + "' followed by nothing)");
      }
      Status s = AddLabel(label, /*drop_empty=*/false, source, number, &doc);
      if (!s.ok()) return s;
      rest = TrimLeft(rest.substr(end));
    }
    rest = TrimRight(rest);
    if (rest.empty()) {
      return LineError(StatusCode::kInvalidArgument, source, number, "no text after the labels");
    }
    Status s = CheckUtf8(rest, "text", source, number);
    if (!s.ok()) return s;
    doc.text.assign(rest);
    docs->push_back(std::move(doc));
  }
  return Status::Ok();
}

// ---- format detection and file reading -------------------------------------------------

// The lower-cased extension of the last path component ("" if none).
std::string Extension(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) c = AsciiLower(c);
  return ext;
}

Result<DataFormat> DetectFormat(std::string_view content, std::string_view source,
                                const DataOptions& options) {
  const std::string ext = Extension(source);
  if (ext == "jsonl" || ext == "json" || ext == "ndjson") return DataFormat::kJsonl;
  if (ext == "csv") return DataFormat::kCsv;
  if (ext == "tsv") return DataFormat::kTsv;
  if (ext == "txt" || ext == "ft" || ext == "fasttext") return DataFormat::kFastText;

  LineSplitter lines(content);
  std::string_view line;
  int64_t number = 0;
  while (lines.Next(&line, &number)) {
    std::string_view start = TrimLeft(line);
    if (start.empty()) continue;
    if (start[0] == '{') return DataFormat::kJsonl;
    if (!options.fasttext_prefix.empty() && StartsWith(start, options.fasttext_prefix)) {
      return DataFormat::kFastText;
    }
    return SourceError(StatusCode::kInvalidArgument, source,
                       "cannot tell the data format from the file name or the first line; "
                       "pass --format (jsonl, csv, tsv or fasttext)");
  }
  return SourceError(StatusCode::kInvalidArgument, source, "no documents");
}

Status ReadStream(std::FILE* file, std::string_view name, std::string* out) {
  // For a regular file, size the buffer once; pipes (and directories, whose reported sizes
  // mean nothing) fall back to doubling.
  size_t hint = 0;
#ifdef _WIN32
  struct _stat64 st;
  const bool regular = _fstat64(_fileno(file), &st) == 0 && (st.st_mode & _S_IFMT) == _S_IFREG;
#else
  struct stat st;
  const bool regular = fstat(fileno(file), &st) == 0 && S_ISREG(st.st_mode);
#endif
  if (regular) {
    const long here = std::ftell(file);  // stdin may have been read from already
    if (here >= 0 && st.st_size > here) hint = static_cast<size_t>(st.st_size - here);
  }
  out->resize(hint + 1 > 65536 ? hint + 1 : 65536);
  size_t size = 0;
  for (;;) {
    const size_t want = out->size() - size;
    const size_t got = std::fread(&(*out)[size], 1, want, file);
    size += got;
    if (got < want) {
      if (std::ferror(file)) {
        const int err = errno;
        out->clear();
        return SourceError(StatusCode::kIoError, name,
                           "cannot read: " + std::generic_category().message(err));
      }
      break;  // end of file
    }
    out->resize(out->size() * 2);
  }
  out->resize(size);
  return Status::Ok();
}

}  // namespace

Result<DataFormat> ParseDataFormat(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = AsciiLower(c);
  if (lower == "auto") return DataFormat::kAuto;
  if (lower == "jsonl") return DataFormat::kJsonl;
  if (lower == "csv") return DataFormat::kCsv;
  if (lower == "tsv") return DataFormat::kTsv;
  if (lower == "fasttext") return DataFormat::kFastText;
  return Status(StatusCode::kInvalidArgument, "unknown data format '" + Excerpt(name) +
                                                  "' (expected auto, jsonl, csv, tsv or fasttext)");
}

Result<std::vector<Document>> ParseDataset(std::string_view content, std::string_view source,
                                           const DataOptions& options) {
  if (options.text_field.empty()) {
    return Status(StatusCode::kInvalidArgument, "the text field name must not be empty");
  }
  if (StartsWith(content, kUtf8Bom)) content.remove_prefix(kUtf8Bom.size());
  if (StartsWith(content, "\x1f\x8b")) {
    return SourceError(StatusCode::kInvalidArgument, source,
                       "the file is gzip-compressed; decompress it first (gunzip -k)");
  }
  DataFormat format = options.format;
  if (format == DataFormat::kAuto) {
    Result<DataFormat> detected = DetectFormat(content, source, options);
    if (!detected.ok()) return detected.status();
    format = *detected;
  }
  std::vector<Document> docs;
  Status s;
  switch (format) {
    case DataFormat::kJsonl:
      s = ParseJsonl(content, source, options, &docs);
      break;
    case DataFormat::kCsv:
      s = ParseCsv(content, source, options, &docs);
      break;
    case DataFormat::kTsv:
      s = ParseTsv(content, source, options, &docs);
      break;
    case DataFormat::kFastText:
      if (options.fasttext_prefix.empty()) {
        return Status(StatusCode::kInvalidArgument, "the fastText label prefix must not be empty");
      }
      s = ParseFastText(content, source, options, &docs);
      break;
    default:
      return Status(StatusCode::kInvalidArgument,
                    "unknown data format " + std::to_string(static_cast<int32_t>(format)));
  }
  if (!s.ok()) return s;
  if (docs.empty()) return SourceError(StatusCode::kInvalidArgument, source, "no documents");
  return docs;
}

Result<std::vector<Document>> ReadDataset(const std::string& path, const DataOptions& options) {
  std::string content;
  if (path == "-") {
#ifdef _WIN32
    _setmode(_fileno(stdin), _O_BINARY);
#endif
    Status s = ReadStream(stdin, "<stdin>", &content);
    if (!s.ok()) return s;
    return ParseDataset(content, "<stdin>", options);
  }
  errno = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (file == nullptr) {
    const int err = errno;
    return SourceError(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError, path,
                       "cannot open: " + std::generic_category().message(err));
  }
  Status s = ReadStream(file.get(), path, &content);
  if (!s.ok()) return s;
  file.reset();
  return ParseDataset(content, path, options);
}

}  // namespace topica
