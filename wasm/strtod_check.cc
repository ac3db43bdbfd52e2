// Checks fast_strtod.cc against the real (musl) strtod in the same wasm build: the same double
// (bit for bit) and the same end pointer for edge cases and ~350,000 generated numbers in
// the forms model files contain. Exit status 0 and one summary line on success.
// Run: node build-wasm/wasm/topica_strtod_check.cjs   (tests/wasm/strtod.test.mjs does)
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

extern "C" double __real_strtod(const char* s, char** end);
extern "C" double __wrap_strtod(const char* s, char** end);

namespace {

uint64_t rng_state = 0x9E3779B97F4A7C15ull;
uint64_t Next() {  // xorshift64*
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Dull;
}

long checked = 0, mismatches = 0;

void Check(const char* s) {
  char* end_real = nullptr;
  char* end_fast = nullptr;
  const double real = __real_strtod(s, &end_real);
  const double fast = __wrap_strtod(s, &end_fast);
  uint64_t a, b;
  std::memcpy(&a, &real, 8);
  std::memcpy(&b, &fast, 8);
  ++checked;
  if (a != b || end_real != end_fast) {
    if (++mismatches <= 20) {
      std::printf("MISMATCH '%s': real %.17g (end +%d), fast %.17g (end +%d)\n", s, real,
                  static_cast<int>(end_real - s), fast, static_cast<int>(end_fast - s));
    }
  }
}

}  // namespace

int main() {
  const char* edge[] = {"0", "-0", "0.0", "-0.0", "0e999", "0.000e-999", "1", "-1", "1e22", "1e23",
                        "1e-22", "1e-23", "9007199254740992", "9007199254740993", "123456789012345",
                        "1234567890123456", "999999999999999e22", "0.1", "0.2", "0.3", "4.9e-324",
                        "2.2250738585072014e-308", "1.7976931348623157e308", "1e400", "-1e-400",
                        ".5", "5.", ".", "0x10", "0X1p3", " 1", "+1", "inf", "-nan", "1e", "1e+",
                        "1e-", "-", "", "00012", "1.5E+3", "1.5e+03", "3.4028235e+38",
                        "1.17549435e-38", "1e-45", "8.539205", "-3.9044755", "1.8284271",
                        "0.000000000000000000001", "100000000000000000000000",
                        "1.0000000000000000000001", "12,5", "7e99999999999"};
  for (const char* s : edge) Check(s);
  char buf[64];
  for (int i = 0; i < 50000; ++i) {
    // Shortest-ish float forms (what topica's model writer produces) ...
    uint32_t fbits = static_cast<uint32_t>(Next());
    float f;
    std::memcpy(&f, &fbits, 4);
    if (f != f || f - f != 0.0f) continue;  // NaN or infinity
    for (int prec = 6; prec <= 9; ++prec) {
      std::snprintf(buf, sizeof buf, "%.*g", prec, static_cast<double>(f));
      Check(buf);
    }
    // ... doubles in full precision, and plain decimals of everyday magnitudes.
    uint64_t dbits = Next();
    double d;
    std::memcpy(&d, &dbits, 8);
    if (d == d && d - d == 0.0) {
      std::snprintf(buf, sizeof buf, "%.17g", d);
      Check(buf);
    }
    const double everyday = static_cast<double>(Next() % 2000000) / 1000.0 - 1000.0;
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(Next() % 10), everyday);
    Check(buf);
    const int digits = 1 + static_cast<int>(Next() % 18);
    std::string num;
    for (int k = 0; k < digits; ++k) num += static_cast<char>('0' + Next() % 10);
    num.insert(Next() % (num.size() + 1), ".");
    num += "e" + std::to_string(static_cast<int>(Next() % 61) - 30);
    Check(num.c_str());
  }
  std::printf("strtod check: %ld inputs, %ld mismatches\n", checked, mismatches);
  return mismatches == 0 ? 0 : 1;
}
