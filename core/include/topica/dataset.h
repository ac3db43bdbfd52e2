// Reading labelled documents for training and evaluation (part of the topica_train library).
//
// Formats:
//  - JSON Lines: one object per line, {"text": str, "labels": [str, ...] | str, "id": str|num}.
//    Blank lines are skipped. Field names are configurable.
//  - CSV / TSV with a header row: columns named by text_field / labels_field / id_field;
//    several labels in one cell are separated by label_separator. CSV follows RFC 4180
//    (quoted fields may contain commas, quotes as "" and newlines); TSV fields are split on
//    tabs only.
//  - fastText: "__label__a __label__b text ..." per line (labels are the leading
//    whitespace-separated words with the prefix; the rest of the line is the text).
// Every error names the source, the line and the problem, e.g.
//   "train.jsonl:12: invalid JSON: ...", "data.csv:3: no column 'text' in the header".
#ifndef TOPICA_DATASET_H_
#define TOPICA_DATASET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "topica/status.h"
#include "topica/utf8.h"  // IsValidUtf8, which the reader applies to every text

namespace topica {

struct Document {
  std::string id;                   // from the id field, else "<line number>"
  std::string text;                 // UTF-8
  std::vector<std::string> labels;  // may be empty (multi-label data: none applies)
  int64_t line = 0;                 // 1-based line where the record starts
};

enum class DataFormat : int32_t { kAuto = 0, kJsonl, kCsv, kTsv, kFastText };

// Parses "auto", "jsonl", "csv", "tsv", "fasttext".
Result<DataFormat> ParseDataFormat(std::string_view name);

struct DataOptions {
  DataFormat format = DataFormat::kAuto;  // auto: by extension (.jsonl/.json, .csv, .tsv,
                                          // .txt/.ft = fastText), else by content
  std::string text_field = "text";
  std::string labels_field = "labels";
  std::string id_field = "id";
  std::string label_separator = "|";      // CSV/TSV: several labels in one cell
  std::string fasttext_prefix = "__label__";
  bool require_labels = true;  // false: records without a labels field are allowed
};

// Reads a whole file ("-" reads standard input). Fails on a missing or empty file, bad
// JSON or CSV, a record without text, a text that is not valid UTF-8, or a missing labels
// field when require_labels.
Result<std::vector<Document>> ReadDataset(const std::string& path, const DataOptions& options);

// Same, from bytes already in memory; `source` names them in error messages.
Result<std::vector<Document>> ParseDataset(std::string_view content, std::string_view source,
                                           const DataOptions& options);

}  // namespace topica

#endif  // TOPICA_DATASET_H_
