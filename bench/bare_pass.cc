// The benchmark's reference limit: a bare pass over the bytes, with no model. Reads a file (or
// standard input) in 1 MiB blocks, lower-cases ASCII letters into a token buffer and splits at
// every byte that is not an ASCII letter or digit or a non-ASCII (UTF-8) byte: each token is
// copied, lower-cased, into a buffer, the least a tokenizer must do (an empty asm statement
// tells the compiler the buffer is read, so it cannot drop the copy). No hashing, no lookup.
// Prints the byte, line, token and token-byte counts.
//
//   c++ -O2 -o bare_pass bench/bare_pass.cc && ./bare_pass FILE
#include <cstdint>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  std::FILE* in = argc > 1 ? std::fopen(argv[1], "rb") : stdin;
  if (in == nullptr) {
    std::perror(argv[1]);
    return 1;
  }
  // 0 = separator; else the lower-cased byte (non-ASCII bytes are word bytes, kept as is).
  unsigned char map[256];
  for (int c = 0; c < 256; ++c) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    map[c] = static_cast<unsigned char>(c >= 0x80 || alnum ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : 0);
  }
  static unsigned char buf[1 << 20];
  unsigned char token[4096];
  size_t token_len = 0;
  uint64_t bytes = 0, lines = 0, tokens = 0, token_bytes = 0;
  auto finish = [&] {
    if (token_len == 0) return;
    asm volatile("" : : "r"(token), "r"(token_len) : "memory");  // the token is "used"
    ++tokens;
    token_bytes += token_len;
    token_len = 0;
  };
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) {
    bytes += n;
    for (size_t i = 0; i < n; ++i) {
      const unsigned char c = map[buf[i]];
      if (c != 0) {
        if (token_len < sizeof token) token[token_len++] = c;
      } else {
        lines += buf[i] == '\n';
        finish();
      }
    }
  }
  finish();
  std::printf("%llu bytes, %llu lines, %llu tokens, %llu token bytes\n",
              static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(lines),
              static_cast<unsigned long long>(tokens), static_cast<unsigned long long>(token_bytes));
  return 0;
}
