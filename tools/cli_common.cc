#include "cli_common.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace topica::cli {

int Fail(std::string_view command, const std::string& message) {
  std::cerr << "topica " << command << ": error: " << message << "\n";
  return kExitFailure;
}

Result<std::string> ResolveModelPath(const std::string& given) {
  if (!given.empty()) return given;
  Result<std::string> path = Classifier::DefaultModelPath();
  if (!path.ok()) {
    return Status(path.status().code(), "no --model given, and " + path.status().message());
  }
  return path;
}

Result<Classifier> LoadModel(const std::string& given) {
  Result<std::string> path = ResolveModelPath(given);
  if (!path.ok()) return path.status();
  return Classifier::FromFile(*path);
}

void AddDataOptions(CLI::App* app, DataOptions* options, std::string* format) {
  app->add_option("--format", *format,
                  "Data format: auto (by extension: .jsonl .csv .tsv, .txt = fastText), jsonl, "
                  "csv, tsv, fasttext")
      ->capture_default_str();
  app->add_option("--text-field", options->text_field, "JSONL key or CSV/TSV column of the text")
      ->capture_default_str();
  app->add_option("--labels-field", options->labels_field,
                  "JSONL key or CSV/TSV column of the labels")
      ->capture_default_str();
  app->add_option("--id-field", options->id_field, "JSONL key or CSV/TSV column of the id")
      ->capture_default_str();
  app->add_option("--label-sep", options->label_separator,
                  "Separator between several labels in one CSV/TSV cell")
      ->capture_default_str();
}

Status ApplyFormat(const std::string& format, DataOptions* options) {
  Result<DataFormat> f = ParseDataFormat(format);
  if (!f.ok()) return Status(StatusCode::kInvalidArgument, "--format: " + f.status().message());
  options->format = *f;
  return Status::Ok();
}

Result<InputFormat> ParseInputFormat(const std::string& name) {
  if (name == "text") return InputFormat::kText;
  if (name == "lines") return InputFormat::kLines;
  if (name == "jsonl") return InputFormat::kJsonl;
  return Status(StatusCode::kInvalidArgument,
                "--input-format: expected text, lines or jsonl, got '" + name + "'");
}

namespace {

std::string LineCol(std::string_view text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

Status CheckUtf8(const std::string& source, std::string_view text, int64_t line) {
  size_t bad = 0;
  if (IsValidUtf8(text, &bad)) return Status::Ok();
  const std::string where = line > 0 ? std::to_string(line) : LineCol(text, bad);
  return Status(StatusCode::kInvalidArgument,
                source + ":" + where + ": not valid UTF-8 (byte " + std::to_string(bad) +
                    " of the " + (line > 0 ? "line" : "file") + ")");
}

Status ProcessStream(std::istream& in, const std::string& source, InputFormat format,
                     const std::string& id_field, const std::string& text_field,
                     const std::function<void(const InputDocument&)>& fn) {
  if (format == InputFormat::kText) {
    std::ostringstream buf;
    buf << in.rdbuf();
    InputDocument d{"", source, buf.str()};
    if (d.text.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    (source == "-" ? std::string("standard input") : source) + ": empty (0 bytes)");
    }
    if (Status s = CheckUtf8(source, d.text, 0); !s.ok()) return s;
    fn(d);
    return Status::Ok();
  }
  std::string line;
  int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (Status s = CheckUtf8(source, line, number); !s.ok()) return s;
    const std::string where = source + ":" + std::to_string(number);
    if (format == InputFormat::kLines) {
      fn(InputDocument{std::to_string(number), source, line});
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) return Status(StatusCode::kInvalidArgument, where + ": invalid JSON");
    if (!j.is_object()) return Status(StatusCode::kInvalidArgument, where + ": expected a JSON object");
    auto t = j.find(text_field);
    if (t == j.end() || !t->is_string()) {
      return Status(StatusCode::kInvalidArgument, where + ": record has no '" + text_field + "' string");
    }
    InputDocument d{std::to_string(number), source, t->get<std::string>()};
    if (auto id = j.find(id_field); id != j.end()) {
      d.id = id->is_string() ? id->get<std::string>() : id->dump();
    }
    fn(d);
  }
  if (in.bad()) return Status(StatusCode::kIoError, source + ": read failed");
  return Status::Ok();
}

}  // namespace

Status ForEachInput(const std::vector<std::string>& paths, InputFormat format,
                    const std::string& id_field, const std::string& text_field,
                    const std::function<void(const InputDocument&)>& fn) {
  std::vector<std::string> all = paths;
  if (all.empty()) all.push_back("-");
  for (const std::string& path : all) {
    if (path == "-") {
      if (Status s = ProcessStream(std::cin, "-", format, id_field, text_field, fn); !s.ok()) return s;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status(StatusCode::kNotFound, path + ": cannot open: " + std::strerror(errno));
    if (Status s = ProcessStream(in, path, format, id_field, text_field, fn); !s.ok()) return s;
  }
  return Status::Ok();
}

std::string FormatFloat(float f) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f);
  return std::string(buf, end);
}

std::string JsonString(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

}  // namespace topica::cli
