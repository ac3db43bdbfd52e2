// Classifier::FromFile and the default model's location, kept in their own file so builds
// without a filesystem (WebAssembly) never link file I/O.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
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

}  // namespace

Result<Classifier> Classifier::FromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kNotFound, path + ": cannot open: " + std::strerror(errno));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status(StatusCode::kIoError, path + ": read failed");
  Result<Classifier> c = FromJson(buf.str());
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
