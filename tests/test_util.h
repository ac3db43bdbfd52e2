// Helpers shared by the tests: fixture paths and file reading.
#ifndef TOPICA_TESTS_TEST_UTIL_H_
#define TOPICA_TESTS_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <string>

namespace topica::testing {

inline std::string FixturePath(const std::string& name) {
  return std::string(TOPICA_TEST_FIXTURES) + "/" + name;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string ReadFixture(const std::string& name) { return ReadFile(FixturePath(name)); }

}  // namespace topica::testing

#endif  // TOPICA_TESTS_TEST_UTIL_H_
