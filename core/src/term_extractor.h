// TermExtractor: a text's tokens, then its terms (word n-grams and character n-grams) with
// their 64-bit keys (term_hash.h). Training and inference both enumerate terms through this
// one class, so a model sees exactly the features it was trained on.
#ifndef TOPICA_SRC_TERM_EXTRACTOR_H_
#define TOPICA_SRC_TERM_EXTRACTOR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model.h"
#include "term_hash.h"
#include "tokenizer.h"

namespace topica::internal {

// The tokens of one text. Reusable: Clear() keeps the buffers' capacity.
struct TokenBuffer {
  struct Entry {
    PolyHash hash;        // of the normalised token text
    uint32_t begin = 0;   // byte span in the input
    uint32_t end = 0;
    uint32_t text_offset = 0;  // normalised text: arena[text_offset, text_offset + text_size)
    uint32_t text_size = 0;
  };
  std::vector<Entry> tokens;
  std::string arena;

  void Clear() {
    tokens.clear();
    arena.clear();
  }
  std::string_view Text(const Entry& e) const { return {arena.data() + e.text_offset, e.text_size}; }
};

// Where a term comes from: `n` tokens starting at `first_token` (word n-gram), or the bytes
// [char_begin, char_end) of the padded token "<text>" of token `first_token` (char n-gram).
struct TermRef {
  uint32_t first_token = 0;
  uint32_t n = 0;
  bool is_char = false;
  uint32_t char_begin = 0;
  uint32_t char_end = 0;
};

// Whether Tokenize stores each token's normalised text (TokenBuffer::Text) or only its hash and
// span. Word n-gram keys need only the hashes; char n-grams, TermText and the public
// Classifier::Tokenize read the text, so kIfNeeded keeps it exactly when the settings have char
// n-grams (without it, Text() of a token is empty).
enum class TokenText { kKeep, kIfNeeded };

class TermExtractor {
 public:
  TermExtractor(const TokenizerOptions& tokenizer, const FeatureSettings& features)
      : tokenizer_(tokenizer), features_(features) {}

  void Tokenize(std::string_view text, TokenBuffer* out, TokenText keep = TokenText::kKeep) const;

  // Calls fn(uint64_t key, const TermRef&) for every term occurrence, word n-grams first
  // (by end token, shorter first), then character n-grams (by token, length, position).
  template <class Fn>
  void ForEachTerm(const TokenBuffer& doc, Fn&& fn) const;

  // The term's text as a model vocabulary writes it ("new york", "#<nuc").
  std::string TermText(const TokenBuffer& doc, const TermRef& ref) const;

  const FeatureSettings& features() const { return features_; }
  const Tokenizer& tokenizer() const { return tokenizer_; }

 private:
  template <class Fn>
  void ForEachCharTerm(const TokenBuffer& doc, uint32_t token, Fn& fn) const;

  Tokenizer tokenizer_;
  FeatureSettings features_;
};

// ---- implementation of the templates -------------------------------------------------

template <class Fn>
void TermExtractor::ForEachTerm(const TokenBuffer& doc, Fn&& fn) const {
  const auto& toks = doc.tokens;
  const uint32_t count = static_cast<uint32_t>(toks.size());
  if (features_.word_ngram_min > 0) {
    PolyHash space;
    space.Add(static_cast<uint8_t>(' '));
    const uint32_t nmin = static_cast<uint32_t>(features_.word_ngram_min);
    const uint32_t nmax = static_cast<uint32_t>(features_.word_ngram_max);
    for (uint32_t end = 0; end < count; ++end) {
      // Grow the n-gram leftwards from token `end`: hash(t_{end-n+1} .. t_end).
      PolyHash h = toks[end].hash;
      for (uint32_t n = 1; n <= nmax && n <= end + 1; ++n) {
        if (n > 1) h = toks[end - n + 1].hash.Then(space).Then(h);
        if (n >= nmin) {
          TermRef ref;
          ref.first_token = end - n + 1;
          ref.n = n;
          fn(Fmix64(h.h), ref);
        }
      }
    }
  }
  if (features_.char_ngram_min > 0) {
    for (uint32_t t = 0; t < count; ++t) ForEachCharTerm(doc, t, fn);
  }
}

template <class Fn>
void TermExtractor::ForEachCharTerm(const TokenBuffer& doc, uint32_t token, Fn& fn) const {
  // Padded token "<text>": code point boundaries as byte offsets into the padded string.
  const std::string_view text = doc.Text(doc.tokens[token]);
  const uint32_t padded_size = static_cast<uint32_t>(text.size()) + 2;
  auto byte_at = [&](uint32_t i) -> uint8_t {
    if (i == 0) return '<';
    if (i == padded_size - 1) return '>';
    return static_cast<uint8_t>(text[i - 1]);
  };
  // Per byte offset i of the padded token: where code points start, prefix[i] = poly(bytes
  // [0, i)) and power[i] = P^i. Then poly(bytes [a, b)) = prefix[b] - prefix[a] * P^(b-a)
  // (mod 2^64), so every n-gram's key costs O(1) instead of a pass over its bytes, and is the
  // same number as hashing "#" and the n-gram's bytes one by one (term_hash.h). Small tokens
  // use the stack.
  constexpr uint32_t kStack = 64;
  uint32_t stack_starts[kStack];
  uint64_t stack_prefix[kStack], stack_power[kStack];
  std::vector<uint32_t> heap_starts;
  std::vector<uint64_t> heap_prefix, heap_power;
  uint32_t* starts = stack_starts;
  uint64_t* prefix = stack_prefix;
  uint64_t* power = stack_power;
  if (padded_size + 1 > kStack) {
    heap_starts.resize(padded_size + 1);
    heap_prefix.resize(padded_size + 1);
    heap_power.resize(padded_size + 1);
    starts = heap_starts.data();
    prefix = heap_prefix.data();
    power = heap_power.data();
  }
  uint32_t ncp = 0;
  prefix[0] = 0;
  power[0] = 1;
  for (uint32_t i = 0; i < padded_size; ++i) {
    const uint8_t b = byte_at(i);
    if ((b & 0xC0) != 0x80) starts[ncp++] = i;
    prefix[i + 1] = prefix[i] * kPolyPrime + (static_cast<uint64_t>(b) + 1);
    power[i + 1] = power[i] * kPolyPrime;
  }
  starts[ncp] = padded_size;
  constexpr uint64_t kHash = static_cast<uint64_t>('#') + 1;  // the "#" every char term starts with
  const uint32_t nmin = static_cast<uint32_t>(features_.char_ngram_min);
  const uint32_t nmax = static_cast<uint32_t>(features_.char_ngram_max);
  for (uint32_t n = nmin; n <= nmax && n <= ncp; ++n) {
    for (uint32_t s = 0; s + n <= ncp; ++s) {
      const uint32_t a = starts[s], b = starts[s + n];
      const uint64_t pw = power[b - a];
      TermRef ref;
      ref.first_token = token;
      ref.n = 1;
      ref.is_char = true;
      ref.char_begin = a;
      ref.char_end = b;
      fn(Fmix64(kHash * pw + (prefix[b] - prefix[a] * pw)), ref);
    }
  }
}

}  // namespace topica::internal

#endif  // TOPICA_SRC_TERM_EXTRACTOR_H_
