// Classifier::FromFile, kept in its own file so builds without a filesystem (WebAssembly)
// never link file I/O.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "topica/classifier.h"

namespace topica {

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

}  // namespace topica
