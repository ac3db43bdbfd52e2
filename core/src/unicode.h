// Unicode lookups for the tokenizer: UTF-8 decoding with U+FFFD substitution, character classes,
// simple case folding and accent stripping. Backed by tables generated at build time from the
// Unicode Character Database (cmake/gen_unicode_tables.py -> unicode_tables.inc), so native and
// WebAssembly builds agree bit for bit. Locale-free, allocation-free, thread-safe.
#ifndef TOPICA_SRC_UNICODE_H_
#define TOPICA_SRC_UNICODE_H_

#include <cstdint>

namespace topica::internal::unicode {

// Character class: the low 3 bits of Props(). The values are also emitted by the generator and
// checked against these at compile time (unicode.cc).
enum CharClass : uint8_t {
  kSeparator = 0,     // everything that is not one of the below (incl. U+FFFD, emoji, punctuation)
  kWord = 1,          // letters (L*) and numbers (N*) of spaced scripts
  kMark = 2,          // combining marks (M*) of spaced scripts (and Common/Inherited marks)
  kUnspaced = 3,      // letters (L*, Nl) of Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar,
                      // Tibetan
  kUnspacedMark = 4,  // combining marks (M*) of those scripts
  kApostrophe = 5,    // U+0027, U+2019, U+02BC
};
constexpr uint8_t kClassMask = 0x07;
constexpr uint8_t kHasFold = 0x08;   // SimpleFold(cp) != cp
constexpr uint8_t kHasStrip = 0x10;  // StripAccents(cp) != cp (word and unspaced classes only)
constexpr char32_t kReplacement = 0xFFFD;

// Props (class | flags) of the ASCII code point `b` (< 0x80); 0xFF for bytes 0x80-0xFF.
extern const uint8_t kAsciiProps[256];

// Props of a code point; `cp` must be <= U+10FFFF (DecodeUtf8 guarantees it).
uint8_t Props(char32_t cp);

// Simple case folding (CaseFolding.txt C+S, else UnicodeData.txt simple lowercase) for word,
// mark and unspaced code points and for every StripAccents() result; `cp` itself otherwise.
char32_t SimpleFold(char32_t cp);

// The recursive canonical decomposition of a word/unspaced code point without its combining
// marks (one code point in Unicode 15.0), `cp` itself if it has none, or 0 for "nothing".
// Combining marks are not in the table: callers drop them by class.
char32_t StripAccents(char32_t cp);

// Decodes the code point starting at `p` (requires p < end; never reads at or past `end`).
// Returns the number of bytes consumed (1-4). Ill-formed input yields U+FFFD for each maximal
// subpart of an ill-formed sequence (Unicode ch. 3 / WHATWG): stray continuation bytes, C0, C1,
// F5-FF, truncated sequences, overlongs, surrogates and code points above U+10FFFF.
inline uint32_t DecodeUtf8(const uint8_t* p, const uint8_t* end, char32_t* cp) {
  const uint32_t b0 = p[0];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  const auto avail = end - p;
  *cp = kReplacement;
  if (b0 < 0xC2) return 1;  // continuation byte, or overlong lead C0/C1
  if (b0 < 0xE0) {
    if (avail < 2 || (p[1] & 0xC0) != 0x80) return 1;
    *cp = ((b0 & 0x1F) << 6) | (p[1] & 0x3F);
    return 2;
  }
  if (b0 < 0xF0) {
    // E0: A0-BF (no overlongs); ED: 80-9F (no surrogates).
    const uint32_t lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const uint32_t hi = b0 == 0xED ? 0x9F : 0xBF;
    if (avail < 2 || p[1] < lo || p[1] > hi) return 1;
    if (avail < 3 || (p[2] & 0xC0) != 0x80) return 2;
    *cp = ((b0 & 0x0F) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3F);
    return 3;
  }
  if (b0 < 0xF5) {
    // F0: 90-BF (no overlongs); F4: 80-8F (nothing above U+10FFFF).
    const uint32_t lo = b0 == 0xF0 ? 0x90 : 0x80;
    const uint32_t hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (avail < 2 || p[1] < lo || p[1] > hi) return 1;
    if (avail < 3 || (p[2] & 0xC0) != 0x80) return 2;
    if (avail < 4 || (p[3] & 0xC0) != 0x80) return 3;
    *cp = ((b0 & 0x07) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3F);
    return 4;
  }
  return 1;  // F5-FF never appear in UTF-8
}

// Writes the UTF-8 encoding of `cp` (a scalar value) to `out`, which needs room for 4 bytes.
// Returns the number of bytes written.
inline uint32_t EncodeUtf8(char32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// The Unicode version of the generated tables, e.g. "15.0.0".
const char* Version();

}  // namespace topica::internal::unicode

#endif  // TOPICA_SRC_UNICODE_H_
