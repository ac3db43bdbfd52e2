// The tokenizer: UTF-8 bytes in, normalised tokens out. Deterministic and locale-free; the
// same bytes give the same tokens natively and in WebAssembly.
//
// Rules (documented for users in models/README.md, section "Tokenizer"):
//  1. Decoding. Input is UTF-8. Every byte that is not part of a well-formed UTF-8 sequence
//     (stray continuation bytes, truncated sequences, overlong forms, surrogates, code points
//     above U+10FFFF) is replaced by U+FFFD, one U+FFFD per maximal ill-formed subpart (the
//     Unicode/WHATWG "substitution of maximal subparts" practice). U+FFFD is not a letter, so it
//     only separates tokens. Never reads out of bounds, whatever the input.
//  2. Word characters are letters (General Category L*), combining marks (M*) and numbers (N*).
//     Everything else separates tokens. A token is a maximal run of word characters, with:
//     - apostrophes: U+0027 ('), U+2019 (’) and U+02BC (ʼ) between two word characters join
//       them and are written as U+0027; a final "'s" (possessive) is then dropped, so
//       "Kim's", "Kim’s" and "Kim" all give "kim", while "don't" gives "don't". Any other
//       apostrophe (leading, trailing, doubled) separates.
//     - hyphens and dashes separate ("cease-fire" gives "cease", "fire").
//  3. Normalisation (per code point): simple case folding (CaseFolding.txt status C and S;
//     code points without one use UnicodeData.txt's simple lowercase mapping), which
//     lower-cases Latin, Greek (final sigma folds to σ) and Cyrillic. With strip_accents,
//     each code point is replaced by its canonical decomposition (UnicodeData.txt, applied
//     recursively) without its combining marks, and combining marks themselves are dropped,
//     so "Café", "CAFÉ" and "Cafe\u0301" all give "cafe".
//  4. Scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar,
//     Tibetan; Scripts.txt, plus Common/Inherited letters whose ScriptExtensions.txt entry names
//     one of them, such as the prolonged sound mark ー) are not words: a run of such characters gives its overlapping
//     character bigrams ("国际关系" gives "国际", "际关", "关系"), or the single character when
//     the run is one character long. Such a run also ends any word token before it.
//     With unspaced_bigrams off, each such character is its own token.
//  5. Empty input gives no tokens.
#ifndef TOPICA_SRC_TOKENIZER_H_
#define TOPICA_SRC_TOKENIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace topica::internal {

struct TokenizerOptions {
  bool lowercase = true;
  bool strip_accents = false;
  bool unspaced_bigrams = true;
};

// Receives tokens in text order. `text` is the normalised UTF-8 token and is valid only
// during the call; [begin, end) are byte offsets of the token in the input.
class TokenSink {
 public:
  virtual ~TokenSink() = default;
  virtual void OnToken(std::string_view text, uint32_t begin, uint32_t end) = 0;
};

class Tokenizer {
 public:
  explicit Tokenizer(const TokenizerOptions& options) : options_(options) {}

  // Streams the tokens of `text` to `sink`. Inputs of 4 GiB or more are cut at 4 GiB - 1.
  void Tokenize(std::string_view text, TokenSink& sink) const;

  // Convenience for tests and tools: the normalised token texts.
  std::vector<std::string> Tokens(std::string_view text) const;

  const TokenizerOptions& options() const { return options_; }

 private:
  TokenizerOptions options_;
};

// The Unicode version the tables were generated from, e.g. "15.0.0".
const char* UnicodeVersion();

}  // namespace topica::internal

#endif  // TOPICA_SRC_TOKENIZER_H_
