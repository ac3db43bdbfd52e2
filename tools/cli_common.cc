#include "cli_common.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace topica::cli {

int Fail(std::string_view command, const std::string& message) {
  std::cerr << "topica " << command << ": error: " << message << "\n";
  return kExitFailure;
}

int UsageFail(std::string_view command, const std::string& message) {
  std::cerr << "topica " << command << ": error: " << message << "\nRun 'topica " << command
            << " --help' for usage.\n";
  return kExitUsage;
}

Result<std::string> ResolveModelPath(const std::string& given) {
  if (!given.empty()) return given;
  Result<std::string> path = Classifier::DefaultModelPath();
  if (!path.ok()) {
    return Status(path.status().code(), "no --model given, and " + path.status().message());
  }
  return path;
}

std::string ModelSourceNote(const std::string& given) {
  if (!given.empty()) return "";
  return std::getenv("TOPICA_MODEL") != nullptr ? " (the model named by $TOPICA_MODEL)"
                                                : " (the default model; pick one with --model)";
}

Result<Classifier> LoadModel(const std::string& given) {
  Result<std::string> path = ResolveModelPath(given);
  if (!path.ok()) return path.status();
  Result<Classifier> clf = Classifier::FromFile(*path);
  if (!clf.ok()) return Status(clf.status().code(), clf.status().message() + ModelSourceNote(given));
  return clf;
}

void AddDataOptions(CLI::App* app, DataOptions* options, std::string* format) {
  app->add_option("--format", *format,
                  "Data format: auto (by extension: .jsonl .csv .tsv, .txt/.ft = fastText), jsonl, "
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

// Same wording as the dataset reader's ("<file>:<line>: line is not valid UTF-8 (byte offset
// N)"), so that train, eval and classify report a bad byte alike. `first_line` is the number of
// the first line in `text` (a whole file in text mode, one line otherwise).
Status CheckUtf8(const std::string& source, std::string_view text, int64_t first_line) {
  size_t bad = 0;
  if (IsValidUtf8(text, &bad)) return Status::Ok();
  const size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
  const size_t begin = line_start == std::string_view::npos || bad == 0 ? 0 : line_start + 1;
  const int64_t line =
      first_line + static_cast<int64_t>(std::count(text.begin(), text.begin() + begin, '\n'));
  return Status(StatusCode::kInvalidArgument,
                (source == "-" ? std::string("<stdin>") : source) + ":" + std::to_string(line) +
                    ": line is not valid UTF-8 (byte offset " + std::to_string(bad - begin) + ")");
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 9: ..." becomes
// "invalid JSON: column 9: ...", as the dataset reader says it.
std::string JsonError(const std::string& line) {
  try {
    const nlohmann::json parsed = nlohmann::json::parse(line);  // throws: `line` is bad JSON
    (void)parsed;
  } catch (const nlohmann::json::parse_error& e) {
    std::string m = e.what();
    if (size_t close = m.find("] "); !m.empty() && m[0] == '[' && close != std::string::npos) {
      m.erase(0, close + 2);
    }
    const std::string at_line1 = "parse error at line 1, ";
    if (m.rfind(at_line1, 0) == 0) m.erase(0, at_line1.size());
    if (m.size() > 160) m = m.substr(0, 157) + "...";
    return "invalid JSON: " + m;
  }
  return "invalid JSON";
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
                    (source == "-" ? std::string("<stdin>") : source) + ": empty (0 bytes)");
    }
    if (Status s = CheckUtf8(source, d.text, 1); !s.ok()) return s;
    fn(d);
    return Status::Ok();
  }
  // One document reused for every line: no allocation per line once warm.
  InputDocument d{"", source, ""};
  std::string& line = d.text;
  int64_t number = 0;
  auto where = [&] {
    return (source == "-" ? std::string("<stdin>") : source) + ":" + std::to_string(number);
  };
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (Status s = CheckUtf8(source, line, number); !s.ok()) return s;
    if (format == InputFormat::kLines) {
      char buf[24];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number);
      d.id.assign(buf, end);
      fn(d);
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) return Status(StatusCode::kInvalidArgument, where() + ": " + JsonError(line));
    if (!j.is_object()) return Status(StatusCode::kInvalidArgument, where() + ": expected a JSON object");
    auto t = j.find(text_field);
    if (t == j.end() || !t->is_string()) {
      return Status(StatusCode::kInvalidArgument, where() + ": record has no '" + text_field + "' string");
    }
    InputDocument record{std::to_string(number), source, t->get<std::string>()};
    if (auto id = j.find(id_field); id != j.end()) {
      record.id = id->is_string() ? id->get<std::string>() : id->dump();
    }
    fn(record);
  }
  if (in.bad()) {
    return Status(StatusCode::kIoError,
                  (source == "-" ? std::string("<stdin>") : source) + ": read failed");
  }
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
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      return Status(StatusCode::kInvalidArgument, path + ": is a directory, not a file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status(StatusCode::kNotFound, path + ": cannot open: " + std::strerror(errno));
    if (Status s = ProcessStream(in, path, format, id_field, text_field, fn); !s.ok()) return s;
  }
  return Status::Ok();
}

void AppendFloat(std::string& out, float f) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f);
  out.append(buf, end);
}

std::string FormatFloat(float f) {
  std::string s;
  AppendFloat(s, f);
  return s;
}

std::string JsonString(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

}  // namespace topica::cli
