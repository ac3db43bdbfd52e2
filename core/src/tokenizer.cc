// Tokenizer implementation: one left-to-right pass over the bytes with a small state machine.
//
// Why it is shaped this way:
//  * Hot path. English text is almost all ASCII, so ASCII word runs are copied in a tight loop
//    driven by a 256-entry map that classifies and lower-cases a byte in one load (built at
//    compile time: A-Z + 32); only non-ASCII bytes go through the UTF-8 decoder and the generated
//    Unicode tables (unicode.h). Normalised text goes into two per-call buffers that only grow,
//    so there is no allocation per token.
//  * Determinism. Everything works on uint8_t and the generated tables: no <cctype>, locale,
//    wchar_t or regex, so native and WebAssembly builds give the same bytes.
//
// Decisions the rules in tokenizer.h leave open, resolved here:
//  * Spans. A token's [begin, end) covers every input byte that went into it, including joined
//    apostrophes, a dropped possessive "'s" ("Kim's" -> "kim" spans all of "Kim's", so
//    highlighting shows the whole word) and combining marks removed by strip_accents. A trailing
//    apostrophe that did not join is not part of the span.
//  * Combining marks extend the word or unspaced character before them. A mark with nothing to
//    attach to (after a separator, an unjoined apostrophe or at the start) separates, like the
//    emoji it usually follows (U+FE0F after a heart), instead of starting a token of bare marks.
//    So an apostrophe joins only when the next character is a letter or number.
//  * Unspaced runs are made of "characters" = one unspaced letter plus the combining marks that
//    follow it (Thai vowel signs and tone marks, U+3099 voiced sound mark, variation selectors),
//    so bigrams pair base characters, never a bare mark. An unspaced-script mark with no letter
//    before it in the run counts as a character by itself. A character whose normalised text is
//    empty (a lone mark with strip_accents) is skipped.
//  * Possessive: the token's last code point is an ASCII 's'/'S' directly after a joined
//    apostrophe. The check is on input code points, so strip_accents never changes which tokens
//    lose "'s". A token whose normalised text is empty (only marks, with strip_accents) is not
//    emitted.
#include "tokenizer.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "unicode.h"

namespace topica::internal {
namespace {

using unicode::kClassMask;

constexpr uint32_t kMaxInputBytes = 0xFFFFFFFFu;  // offsets are uint32_t: cut at 4 GiB - 1

// The ASCII fast path's byte maps: an ASCII letter or digit maps to its normalised byte (A-Z
// lower-cased when `lowercase`), every other byte to 0. ASCII word characters are exactly
// [0-9A-Za-z] (General Category L*/N*); tokenizer_test checks this against the generated table.
struct AsciiWordMap {
  uint8_t map[256];
};
constexpr AsciiWordMap MakeAsciiWordMap(bool lowercase) {
  AsciiWordMap m{};
  for (int c = 0; c < 128; ++c) {
    const bool upper = c >= 'A' && c <= 'Z';
    if (upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      m.map[c] = static_cast<uint8_t>(lowercase && upper ? c + ('a' - 'A') : c);
    }
  }
  return m;
}
constexpr AsciiWordMap kAsciiWordLower = MakeAsciiWordMap(true);
constexpr AsciiWordMap kAsciiWordKeep = MakeAsciiWordMap(false);

// An append-only byte buffer that keeps its capacity between tokens. Allocated on first use and
// grown by doubling, so a Tokenize() call allocates O(log(longest token)) times, not per token.
class Buffer {
 public:
  char* data() { return data_.get(); }
  size_t size() const { return size_; }
  void Clear() { size_ = 0; }
  void Truncate(size_t n) { size_ = n; }

  // Returns where up to `extra` bytes may be written; Commit() how many were.
  char* Reserve(size_t extra) {
    if (capacity_ - size_ < extra) Grow(extra);
    return data_.get() + size_;
  }
  void Commit(size_t n) { size_ += n; }
  void Push(char c) {
    *Reserve(1) = c;
    ++size_;
  }

 private:
  void Grow(size_t extra) {
    const size_t capacity = std::max<size_t>({64, capacity_ * 2, size_ + extra});
    std::unique_ptr<char[]> grown(new char[capacity]);
    if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
    data_ = std::move(grown);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> data_;
  size_t capacity_ = 0;
  size_t size_ = 0;
};

// The per-call tokenizer state (Tokenize() is const and may run on many threads at once).
class Scanner {
 public:
  Scanner(const TokenizerOptions& options, TokenSink& sink)
      : sink_(sink),
        lowercase_(options.lowercase),
        strip_(options.strip_accents),
        bigrams_(options.unspaced_bigrams) {}

  Buffer& word() { return word_; }

  // Before appending a letter or number to the word token: starts a token, or continues the
  // current one, joining a pending apostrophe. Returns whether an apostrophe was joined.
  bool BeginWordChar(uint32_t begin) {
    if (mode_ == Mode::kWord) {
      if (!apos_pending_) return false;
      apos_pending_ = false;
      len_before_apos_ = word_.size();
      word_.Push('\'');
      return true;
    }
    if (mode_ == Mode::kUnspaced) FinishUnspaced();
    mode_ = Mode::kWord;
    word_begin_ = begin;
    word_.Clear();
    return false;
  }
  // After appending word characters ending at byte `end`; `possessive_s` says the last one is an
  // ASCII 's'/'S' right after a joined apostrophe.
  void EndWordChars(uint32_t end, bool possessive_s) {
    word_end_ = end;
    possessive_ = possessive_s;
  }

  void OnApostrophe() {
    if (mode_ == Mode::kWord && !apos_pending_) {
      apos_pending_ = true;  // joins only if a letter or number follows
    } else {
      OnSeparator();
    }
  }

  void OnSeparator() {
    if (mode_ == Mode::kWord) {
      FinishWord();
    } else if (mode_ == Mode::kUnspaced) {
      FinishUnspaced();
    }
  }

  // A non-ASCII code point occupying bytes [begin, end).
  void OnCodePoint(char32_t cp, uint8_t props, uint32_t begin, uint32_t end) {
    switch (props & kClassMask) {
      case unicode::kWord:
        BeginWordChar(begin);
        Append(word_, cp, props);
        EndWordChars(end, false);
        break;
      case unicode::kMark:
        if (mode_ == Mode::kWord) {
          if (apos_pending_) {
            FinishWord();  // "x'" + mark: the apostrophe does not join, the bare mark separates
          } else {
            Append(word_, cp, props);
            EndWordChars(end, false);
          }
        } else if (mode_ == Mode::kUnspaced) {
          Append(chars_, cp, props);
          char_end_ = end;
        }
        break;
      case unicode::kUnspaced:
        StartChar(cp, props, begin, end);
        break;
      case unicode::kUnspacedMark:
        if (mode_ == Mode::kUnspaced) {
          Append(chars_, cp, props);
          char_end_ = end;
        } else {
          StartChar(cp, props, begin, end);
        }
        break;
      case unicode::kApostrophe:
        OnApostrophe();
        break;
      default:
        OnSeparator();
        break;
    }
  }

 private:
  enum class Mode : uint8_t { kNone, kWord, kUnspaced };

  // Appends the normalised form of `cp` (not ASCII-fast-pathed) to `out`.
  void Append(Buffer& out, char32_t cp, uint8_t props) {
    if (strip_) {
      const uint8_t cls = props & kClassMask;
      if (cls == unicode::kMark || cls == unicode::kUnspacedMark) return;
      if (props & unicode::kHasStrip) {
        cp = unicode::StripAccents(cp);
        if (cp == 0) return;
        if (lowercase_) cp = unicode::SimpleFold(cp);  // the stripped code point's own folding
      } else if (lowercase_ && (props & unicode::kHasFold)) {
        cp = unicode::SimpleFold(cp);
      }
    } else if (lowercase_ && (props & unicode::kHasFold)) {
      cp = unicode::SimpleFold(cp);
    }
    out.Commit(unicode::EncodeUtf8(cp, out.Reserve(4)));
  }

  void Emit(const char* text, size_t size, uint32_t begin, uint32_t end) {
    sink_.OnToken(std::string_view(text, size), begin, end);
  }

  void FinishWord() {
    mode_ = Mode::kNone;
    apos_pending_ = false;
    if (possessive_) {
      word_.Truncate(len_before_apos_);
      possessive_ = false;
    }
    if (word_.size() > 0) Emit(word_.data(), word_.size(), word_begin_, word_end_);
  }

  // Starts a new unspaced character (closing the previous one) at bytes [begin, end).
  void StartChar(char32_t cp, uint8_t props, uint32_t begin, uint32_t end) {
    if (mode_ == Mode::kWord) FinishWord();
    if (mode_ == Mode::kUnspaced) CloseChar();
    mode_ = Mode::kUnspaced;
    char_begin_ = begin;
    char_end_ = end;
    Append(chars_, cp, props);
  }

  // chars_ holds the previous character's text (prev_len_ bytes) then the current one's.
  void CloseChar() {
    const size_t cur_len = chars_.size() - prev_len_;
    if (cur_len == 0) return;  // normalised to nothing: skipped
    if (!bigrams_) {
      Emit(chars_.data(), cur_len, char_begin_, char_end_);
      chars_.Clear();
      return;
    }
    if (run_chars_ > 0) Emit(chars_.data(), chars_.size(), prev_begin_, char_end_);
    std::memmove(chars_.data(), chars_.data() + prev_len_, cur_len);
    chars_.Truncate(cur_len);
    prev_len_ = cur_len;
    prev_begin_ = char_begin_;
    prev_end_ = char_end_;
    ++run_chars_;
  }

  void FinishUnspaced() {
    CloseChar();
    if (run_chars_ == 1) Emit(chars_.data(), prev_len_, prev_begin_, prev_end_);
    chars_.Clear();
    prev_len_ = 0;
    run_chars_ = 0;
    mode_ = Mode::kNone;
  }

  TokenSink& sink_;
  const bool lowercase_;
  const bool strip_;
  const bool bigrams_;
  Mode mode_ = Mode::kNone;

  // Word token.
  Buffer word_;
  uint32_t word_begin_ = 0;
  uint32_t word_end_ = 0;
  bool apos_pending_ = false;  // an apostrophe follows the last word character
  bool possessive_ = false;    // the token ends with apostrophe + ASCII s/S
  size_t len_before_apos_ = 0;

  // Unspaced run.
  Buffer chars_;
  uint32_t char_begin_ = 0, char_end_ = 0;  // current character
  uint32_t prev_begin_ = 0, prev_end_ = 0;  // previous character (bigrams only)
  size_t prev_len_ = 0;
  uint32_t run_chars_ = 0;  // characters closed so far in this run (bigrams only)
};

class CollectingSink : public TokenSink {
 public:
  void OnToken(std::string_view text, uint32_t, uint32_t) override { tokens.emplace_back(text); }
  std::vector<std::string> tokens;
};

}  // namespace

void Tokenizer::Tokenize(std::string_view text, TokenSink& sink) const {
  const uint64_t size = text.size();
  const uint32_t n = size > kMaxInputBytes ? kMaxInputBytes : static_cast<uint32_t>(size);
  const uint8_t* const bytes = reinterpret_cast<const uint8_t*>(text.data());
  const uint8_t* const end = bytes + n;
  const uint8_t* const ascii = unicode::kAsciiProps;
  const uint8_t* const word_map = options_.lowercase ? kAsciiWordLower.map : kAsciiWordKeep.map;
  Scanner scanner(options_, sink);
  uint32_t i = 0;
  while (i < n) {
    const uint8_t b = bytes[i];
    if (word_map[b] != 0) {
      // ASCII fast path: the whole run of ASCII letters and digits in one loop.
      const bool joined = scanner.BeginWordChar(i);
      Buffer& word = scanner.word();
      const uint8_t* q = bytes + i;
      for (;;) {  // chunks of at most 64 bytes, so capacity is checked once per chunk
        const uint32_t chunk = std::min<uint32_t>(static_cast<uint32_t>(end - q), 64);
        const uint8_t* const stop = q + chunk;
        char* const start = word.Reserve(chunk);
        char* out = start;
        uint8_t c;
        while (q < stop && (c = word_map[*q]) != 0) {
          *out++ = static_cast<char>(c);
          ++q;
        }
        word.Commit(static_cast<size_t>(out - start));
        if (q != stop || q == end) break;
      }
      const uint32_t run_end = static_cast<uint32_t>(q - bytes);
      scanner.EndWordChars(run_end, joined && run_end - i == 1 && (b | 0x20) == 's');
      i = run_end;
    } else if (b < 0x80) {
      if (ascii[b] == unicode::kApostrophe) {
        scanner.OnApostrophe();
        ++i;
      } else {
        scanner.OnSeparator();
        do {
          ++i;
        } while (i < n && ascii[bytes[i]] == unicode::kSeparator);
      }
    } else {
      char32_t cp;
      const uint32_t len = unicode::DecodeUtf8(bytes + i, end, &cp);
      scanner.OnCodePoint(cp, unicode::Props(cp), i, i + len);
      i += len;
    }
  }
  scanner.OnSeparator();
}

std::vector<std::string> Tokenizer::Tokens(std::string_view text) const {
  CollectingSink sink;
  Tokenize(text, sink);
  return std::move(sink.tokens);
}

const char* UnicodeVersion() { return unicode::Version(); }

}  // namespace topica::internal
