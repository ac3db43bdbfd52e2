// The benchmark's reference limit, the bare pass: lower-case ASCII letters into a token buffer
// and split at every byte that is not an ASCII letter or digit or a non-ASCII (UTF-8) byte.
// Each token is copied, lower-cased, into a buffer, the least a tokenizer must do (an empty asm
// statement tells the compiler the buffer is read, so it cannot drop the copy). No hashing, no
// lookup. Used by bare_pass.cc (over a file) and stage_ladder.cc (its first stage), so both
// measure the same loop.
#ifndef TOPICA_BENCH_BARE_PASS_H_
#define TOPICA_BENCH_BARE_PASS_H_

#include <cstddef>
#include <cstdint>

struct BarePass {
  uint64_t lines = 0, tokens = 0, token_bytes = 0;

  BarePass() {
    // 0 = separator; else the lower-cased byte (non-ASCII bytes are word bytes, kept as is).
    for (int c = 0; c < 256; ++c) {
      const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      map_[c] = static_cast<unsigned char>(c >= 0x80 || alnum ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : 0);
    }
  }
  // The next n bytes; a token may continue into the next call.
  void Feed(const unsigned char* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      const unsigned char c = map_[p[i]];
      if (c != 0) {
        if (token_len_ < sizeof token_) token_[token_len_++] = c;
      } else {
        lines += p[i] == '\n';
        Finish();
      }
    }
  }
  // Ends the current token, if any (at the end of the input or of a document).
  void Finish() {
    if (token_len_ == 0) return;
    asm volatile("" : : "r"(token_), "r"(token_len_) : "memory");  // the token is "used"
    ++tokens;
    token_bytes += token_len_;
    token_len_ = 0;
  }

 private:
  unsigned char map_[256];
  unsigned char token_[4096];
  size_t token_len_ = 0;
};

#endif  // TOPICA_BENCH_BARE_PASS_H_
