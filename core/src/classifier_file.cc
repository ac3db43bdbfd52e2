// Classifier::FromFile and the default model's location, kept in their own file so builds
// without a filesystem (WebAssembly) never link file I/O.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "topica/classifier.h"

#ifndef TOPICA_DEFAULT_MODEL_NAME
#error "TOPICA_DEFAULT_MODEL_NAME must be defined by the build"
#endif

namespace topica {
namespace {

std::string ExecutableDir() {
#if defined(__linux__)
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "";
  const std::string path(buf, static_cast<size_t>(n));
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
#else
  return "";
#endif
}

// Closes the file when it goes out of scope.
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// A file's bytes in one allocation of its size (a regular file is read once, not copied through
// a growing buffer); other files (pipes, devices) in growing steps.
Result<std::string> ReadWholeFile(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (f == nullptr) {
    return Status(StatusCode::kNotFound, path + ": cannot open: " + std::strerror(errno));
  }
  struct stat st;
  const bool sized = ::fstat(::fileno(f.get()), &st) == 0 && S_ISREG(st.st_mode);
  // One byte more than the size, so that the end is seen without growing the buffer.
  std::string bytes(sized ? static_cast<size_t>(st.st_size) + 1 : size_t{64} << 10, '\0');
  size_t used = 0;
  while (true) {
    if (used == bytes.size()) bytes.resize(bytes.size() * 2);
    const size_t want = bytes.size() - used;
    const size_t got = std::fread(&bytes[used], 1, want, f.get());
    used += got;
    if (got < want) break;
  }
  if (std::ferror(f.get())) {
    return Status(StatusCode::kIoError, path + ": read failed: " + std::strerror(errno));
  }
  bytes.resize(used);
  return bytes;
}

}  // namespace

Result<Classifier> Classifier::FromFile(const std::string& path) {
  Result<std::string> bytes = ReadWholeFile(path);
  if (!bytes.ok()) return bytes.status();
  Result<Classifier> c = FromJson(*bytes);
  if (!c.ok()) return Status(c.status().code(), path + ": " + c.status().message());
  return c;
}

Result<std::string> Classifier::DefaultModelPath() {
  if (const char* env = std::getenv("TOPICA_MODEL"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  std::vector<std::string> places;
#ifdef TOPICA_INSTALL_MODELS_DIR
  places.push_back(TOPICA_INSTALL_MODELS_DIR "/" TOPICA_DEFAULT_MODEL_NAME);
#endif
  if (const std::string dir = ExecutableDir(); !dir.empty()) {
    places.push_back(dir + "/../share/topica/models/" TOPICA_DEFAULT_MODEL_NAME);
  }
#ifdef TOPICA_SOURCE_MODELS_DIR
  places.push_back(TOPICA_SOURCE_MODELS_DIR "/" TOPICA_DEFAULT_MODEL_NAME);
#endif
  for (const std::string& p : places) {
    if (::access(p.c_str(), R_OK) == 0) return p;
  }
  std::string looked;
  for (const std::string& p : places) looked += "\n  " + p;
  return Status(StatusCode::kNotFound,
                "the default model " TOPICA_DEFAULT_MODEL_NAME
                " was not found ($TOPICA_MODEL is not set); looked in:" + looked);
}

Result<Classifier> Classifier::FromDefaultModel() {
  Result<std::string> path = DefaultModelPath();
  if (!path.ok()) return path.status();
  return FromFile(*path);
}

}  // namespace topica
