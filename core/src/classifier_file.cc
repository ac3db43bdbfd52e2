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

#include "model.h"
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

// A model file read a chunk at a time by the parser.
class FileSource : public internal::ModelByteSource {
 public:
  FileSource(std::FILE* f, int64_t size) : f_(f), size_(size) {}
  int64_t Read(char* buffer, size_t capacity) override {
    const size_t n = std::fread(buffer, 1, capacity, f_);
    if (n == 0 && std::ferror(f_)) {
      error_ = errno;
      return -1;
    }
    return static_cast<int64_t>(n);
  }
  int64_t SizeHint() const override { return size_; }
  int error() const { return error_; }

 private:
  std::FILE* f_;
  int64_t size_;
  int error_ = 0;
};

}  // namespace

Result<Classifier> Classifier::FromFile(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (f == nullptr) {
    return Status(StatusCode::kNotFound, path + ": cannot open: " + std::strerror(errno));
  }
  struct stat st;
  const bool sized = ::fstat(::fileno(f.get()), &st) == 0 && S_ISREG(st.st_mode);
  FileSource source(f.get(), sized ? static_cast<int64_t>(st.st_size) : -1);
  Result<Classifier> c = FromModel(internal::ParseModel(source, internal::ClassifierReadOptions()));
  if (!c.ok()) {
    if (source.error() != 0) {
      return Status(StatusCode::kIoError, path + ": read failed: " + std::strerror(source.error()));
    }
    return Status(c.status().code(), path + ": " + c.status().message());
  }
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
