// A fast path for strtoll() and strtoull() in the WebAssembly build, linked with
// -Wl,--wrap=strtoll,--wrap=strtoull (the companion of fast_strtod.cc).
//
// Why: nlohmann/json converts every integer of a model file (the weights' label indices and
// column pointers: millions in a big model) with std::strtoll / std::strtoull. Emscripten's musl
// checks for overflow with 128-bit arithmetic (__multi3) a digit at a time: those two functions
// were ~18 % of loading a 35 MB model in Node (measured with --profiling-funcs).
//
// What: base 10, an optional '-' (strtoll only), then 1 to 18 digits, which cannot overflow
// int64_t or uint64_t: the value is exact, and *end is set after the last digit, as strtoll does.
// Anything else (whitespace, '+', more digits, other bases, no digits) goes to the real
// function, unchanged. The parity tests load the same models natively and in WASM.
#include <cstdint>

extern "C" {
long long __real_strtoll(const char* s, char** end, int base);
unsigned long long __real_strtoull(const char* s, char** end, int base);

namespace {
// The value of the digits at s (1 to 18 of them, then a non-digit), or false.
bool ShortDecimal(const char* s, uint64_t* value, const char** after) {
  uint64_t v = 0;
  int n = 0;
  for (; s[n] >= '0' && s[n] <= '9'; ++n) {
    if (n == 18) return false;
    v = v * 10 + static_cast<uint64_t>(s[n] - '0');
  }
  if (n == 0) return false;
  *value = v;
  *after = s + n;
  return true;
}
}  // namespace

long long __wrap_strtoll(const char* s, char** end, int base) {
  const bool negative = *s == '-';
  uint64_t v;
  const char* after;
  if (base != 10 || !ShortDecimal(s + (negative ? 1 : 0), &v, &after)) {
    return __real_strtoll(s, end, base);
  }
  if (end != nullptr) *end = const_cast<char*>(after);
  return negative ? -static_cast<long long>(v) : static_cast<long long>(v);
}

unsigned long long __wrap_strtoull(const char* s, char** end, int base) {
  uint64_t v;
  const char* after;
  if (base != 10 || !ShortDecimal(s, &v, &after)) return __real_strtoull(s, end, base);
  if (end != nullptr) *end = const_cast<char*>(after);
  return v;
}
}  // extern "C"
