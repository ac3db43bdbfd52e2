#include "report.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <nlohmann/json.hpp>

namespace topica::cli {
namespace {

std::string Fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

std::string SummaryLine(const EvalReport& r) {
  std::string s = std::to_string(r.documents) + " documents, ";
  if (r.task == Task::kMultiClass) {
    s += "accuracy " + Fmt("%.4f", r.accuracy) + ", macro-F1 " + Fmt("%.4f", r.macro_f1);
  } else {
    s += "micro-F1 " + Fmt("%.4f", r.micro_f1) + ", macro-F1 " + Fmt("%.4f", r.macro_f1) +
         ", exact match " + Fmt("%.4f", r.accuracy);
  }
  return s;
}

std::string ReportTable(const EvalReport& r) {
  size_t width = 11;  // "exact match"
  for (const auto& l : r.per_label) width = std::max(width, l.label.size());
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%s model, %lld documents\n\n", TaskName(r.task),
                static_cast<long long>(r.documents));
  out += line;
  std::snprintf(line, sizeof line, "%-*s  %9s  %9s  %9s  %9s\n", static_cast<int>(width), "label",
                "precision", "recall", "f1", "support");
  out += line;
  for (const auto& l : r.per_label) {
    std::snprintf(line, sizeof line, "%-*s  %9.4f  %9.4f  %9.4f  %9lld\n", static_cast<int>(width),
                  l.label.c_str(), l.precision, l.recall, l.f1, static_cast<long long>(l.support));
    out += line;
  }
  out += "\n";
  std::snprintf(line, sizeof line, "%-*s  %9.4f  %9.4f  %9.4f\n", static_cast<int>(width), "micro avg",
                r.micro_precision, r.micro_recall, r.micro_f1);
  out += line;
  std::snprintf(line, sizeof line, "%-*s  %9.4f  %9.4f  %9.4f\n", static_cast<int>(width), "macro avg",
                r.macro_precision, r.macro_recall, r.macro_f1);
  out += line;
  std::snprintf(line, sizeof line, "%-*s  %9.4f\n", static_cast<int>(width),
                r.task == Task::kMultiClass ? "accuracy" : "exact match", r.accuracy);
  out += line;
  if (!r.confusion.empty()) {
    out += "\nconfusion matrix (rows: true label, columns: predicted label)\n";
    // Columns as wide as their label (at least 5), so that they can be named.
    std::vector<int> cols;
    std::snprintf(line, sizeof line, "%-*s ", static_cast<int>(width), "");
    out += line;
    for (const auto& l : r.per_label) {
      cols.push_back(static_cast<int>(std::max<size_t>(5, l.label.size())));
      std::snprintf(line, sizeof line, "  %*s", cols.back(), l.label.c_str());
      out += line;
    }
    out += "\n";
    for (size_t i = 0; i < r.confusion.size(); ++i) {
      std::snprintf(line, sizeof line, "%-*s ", static_cast<int>(width), r.per_label[i].label.c_str());
      out += line;
      for (size_t k = 0; k < r.confusion[i].size(); ++k) {
        std::snprintf(line, sizeof line, "  %*lld", cols[k], static_cast<long long>(r.confusion[i][k]));
        out += line;
      }
      out += "\n";
    }
  }
  return out;
}

std::string ReportJson(const EvalReport& r) {
  nlohmann::json labels = nlohmann::json::array();
  for (const auto& l : r.per_label) {
    labels.push_back({{"label", l.label}, {"precision", l.precision}, {"recall", l.recall},
                      {"f1", l.f1}, {"support", l.support}, {"predicted", l.predicted}});
  }
  nlohmann::json j = {{"task", TaskName(r.task)},
                      {"documents", r.documents},
                      {"accuracy", r.accuracy},
                      {"micro", {{"precision", r.micro_precision}, {"recall", r.micro_recall}, {"f1", r.micro_f1}}},
                      {"macro", {{"precision", r.macro_precision}, {"recall", r.macro_recall}, {"f1", r.macro_f1}}},
                      {"labels", labels}};
  if (!r.confusion.empty()) j["confusion"] = r.confusion;
  return j.dump(2) + "\n";
}

}  // namespace topica::cli
