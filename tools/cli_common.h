// Shared pieces of the topica command-line tool: error reporting, model lookup, input
// reading and JSON output. No classification logic lives here.
#ifndef TOPICA_TOOLS_CLI_COMMON_H_
#define TOPICA_TOOLS_CLI_COMMON_H_

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "topica/classifier.h"
#include "topica/dataset.h"
#include "topica/status.h"
#include "topica/utf8.h"

namespace topica::cli {

// Exit codes: 0 success, 1 bad input or failure, 2 bad command line.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Prints "topica <command>: error: <message>" to stderr and returns kExitFailure.
int Fail(std::string_view command, const std::string& message);
// Same for a bad option value found after parsing (e.g. --c -1), with a pointer to --help,
// and returns kExitUsage like CLI11's own parse errors.
int UsageFail(std::string_view command, const std::string& message);

// The model file to use: `given` if not empty, else $TOPICA_MODEL, else the shipped default
// model (installed next to the binary, or in the source tree for a build-tree binary).
// On failure explains where it looked.
Result<std::string> ResolveModelPath(const std::string& given);
Result<Classifier> LoadModel(const std::string& given);
// For errors about a model the user did not name with --model: " (the model named by
// $TOPICA_MODEL)" or " (the default model; ...)"; empty when `given` is not empty.
std::string ModelSourceNote(const std::string& given);

// Data-file options shared by train and eval (--format, --text-field, ...).
void AddDataOptions(CLI::App* app, DataOptions* options, std::string* format);
Status ApplyFormat(const std::string& format, DataOptions* options);

// How classify/explain read documents.
enum class InputFormat { kText, kLines, kJsonl };

struct InputDocument {
  std::string id;        // jsonl: the record's id; lines: line number; text: empty
  std::string source;    // file name ("-" for standard input)
  std::string text;
};

// Reads documents from `paths` ("-" or none = standard input) and calls `fn` for each, one at
// a time (jsonl and lines stream: memory stays bounded). Stops at the first bad record and
// returns its error, which names the file and line.
Status ForEachInput(const std::vector<std::string>& paths, InputFormat format,
                    const std::string& id_field, const std::string& text_field,
                    const std::function<void(const InputDocument&)>& fn);

Result<InputFormat> ParseInputFormat(const std::string& name);

// A float as the shortest decimal that reads back the same.
std::string FormatFloat(float f);
// The same digits, appended to `out` (no temporary string: for output loops).
void AppendFloat(std::string& out, float f);
// A JSON string literal (quotes and escapes included).
std::string JsonString(std::string_view s);

}  // namespace topica::cli

#endif  // TOPICA_TOOLS_CLI_COMMON_H_
