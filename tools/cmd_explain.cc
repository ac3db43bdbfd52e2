// topica explain: the terms behind each predicted label.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli_common.h"
#include "commands.h"

namespace topica::cli {
namespace {

// `id_prefix` goes between the file name and the document's id or line number in the header:
// ":" for lines ("== news.txt:3"), " id " for jsonl ("== news.jsonl id a17").
std::string TextReport(const std::vector<Explanation>& explanations, const InputDocument& d,
                       bool header, const std::string& id_prefix) {
  std::string out;
  char line[512];
  if (header) out += "== " + d.source + (d.id.empty() ? "" : id_prefix + d.id) + "\n";
  for (const Explanation& e : explanations) {
    float sum = 0.0f;
    for (const auto& t : e.terms) sum += t.contribution;
    std::snprintf(line, sizeof line, "%s  p=%.3f%s  score %.4f = bias %.4f + terms %.4f\n",
                  e.label.c_str(), static_cast<double>(e.probability),
                  e.predicted ? " (predicted)" : " (not predicted)", static_cast<double>(e.raw_score),
                  static_cast<double>(e.bias), static_cast<double>(e.raw_score - e.bias));
    out += line;
    for (const auto& t : e.terms) {
      std::snprintf(line, sizeof line, "  %+8.4f  %-28s (tf-idf %.3f x weight %+.3f)\n",
                    static_cast<double>(t.contribution), t.term.c_str(),
                    static_cast<double>(t.value), static_cast<double>(t.weight));
      out += line;
    }
    if (e.total_terms > static_cast<int32_t>(e.terms.size())) {
      std::snprintf(line, sizeof line, "  %+8.4f  (%d more terms)\n",
                    static_cast<double>(e.raw_score - e.bias - sum),
                    e.total_terms - static_cast<int32_t>(e.terms.size()));
      out += line;
    }
    if (e.total_terms == 0) out += "  (no known terms in this text)\n";
  }
  return out;
}

// Like classify's output: jsonl input adds "id", lines input adds "line".
std::string JsonReport(const std::vector<Explanation>& explanations, const InputDocument& d,
                       InputFormat format, const std::vector<std::string>& predicted) {
  std::string out = "{";
  if (format == InputFormat::kJsonl) out += "\"id\":" + JsonString(d.id) + ",";
  if (format == InputFormat::kLines) out += "\"line\":" + d.id + ",";
  out += "\"labels\":[";
  for (size_t i = 0; i < predicted.size(); ++i) out += (i ? "," : "") + JsonString(predicted[i]);
  out += "],\"explanations\":[";
  for (size_t i = 0; i < explanations.size(); ++i) {
    const Explanation& e = explanations[i];
    out += (i ? ",{" : "{");
    out += "\"label\":" + JsonString(e.label) + ",\"predicted\":" + (e.predicted ? "true" : "false") +
           ",\"probability\":" + FormatFloat(e.probability) + ",\"raw\":" + FormatFloat(e.raw_score) +
           ",\"bias\":" + FormatFloat(e.bias) + ",\"total_terms\":" + std::to_string(e.total_terms) +
           ",\"terms\":[";
    for (size_t k = 0; k < e.terms.size(); ++k) {
      const auto& t = e.terms[k];
      out += (k ? ",{" : "{");
      out += "\"term\":" + JsonString(t.term) + ",\"value\":" + FormatFloat(t.value) +
             ",\"weight\":" + FormatFloat(t.weight) + ",\"contribution\":" + FormatFloat(t.contribution) + "}";
    }
    out += "]}";
  }
  out += "]}\n";
  return out;
}

}  // namespace

Runner AddExplain(CLI::App* app) {
  struct Args {
    std::string model;
    std::vector<std::string> inputs, labels;
    std::string input_format = "text";
    std::string id_field = "id";
    std::string text_field = "text";
    int top = 10;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  app->add_option("--model,-m", a->model, "Model file (default: $TOPICA_MODEL, else the shipped news-topics model)");
  app->add_option("inputs", a->inputs, "Files to explain; '-' or none reads standard input");
  // One value per -l: otherwise "-l trade article.txt" takes the file name for a label.
  app->add_option("--label,-l", a->labels, "Explain this label (repeatable); default: the predicted labels")
      ->allow_extra_args(false);
  app->add_option("--top,-k", a->top, "Terms to show per label (0: all)")->capture_default_str();
  app->add_option("--input-format", a->input_format, "text, lines or jsonl (as for classify)")
      ->capture_default_str();
  app->add_option("--id-field", a->id_field, "jsonl: key of the id")->capture_default_str();
  app->add_option("--text-field", a->text_field, "jsonl: key of the text")->capture_default_str();
  app->add_flag("--json", a->json, "One JSON object per document");
  app->footer(
      "A label's score is exactly its bias plus the sum of its terms' contributions, where a\n"
      "term's contribution is its tf-idf value in the text times its weight for the label.\n"
      "When no label is predicted, the highest-scoring label is explained.");
  return [a]() {
    if (a->top < 0) return UsageFail("explain", "--top: expected >= 0, got " + std::to_string(a->top));
    Result<InputFormat> format = ParseInputFormat(a->input_format);
    if (!format.ok()) return UsageFail("explain", format.status().message());
    Result<Classifier> clf = LoadModel(a->model);
    if (!clf.ok()) return Fail("explain", clf.status().message());
    for (const std::string& l : a->labels) {
      if (std::find(clf->labels().begin(), clf->labels().end(), l) == clf->labels().end()) {
        std::string known;
        for (const auto& k : clf->labels()) known += (known.empty() ? "" : ", ") + k;
        return UsageFail("explain", "--label: '" + l + "' is not one of the model's labels (" + known + ")");
      }
    }
    const bool header = a->inputs.size() > 1 || *format != InputFormat::kText;
    Status failure;
    const std::string id_prefix = *format == InputFormat::kLines ? ":" : " id ";
    Status st = ForEachInput(a->inputs, *format, a->id_field, a->text_field, [&](const InputDocument& d) {
      if (!failure.ok()) return;
      const Classification c = clf->Classify(d.text);
      std::vector<std::string> which = a->labels;
      if (which.empty()) which = c.labels;
      if (which.empty()) {
        const auto best = std::max_element(c.scores.begin(), c.scores.end(),
            [](const LabelScore& x, const LabelScore& y) { return x.probability < y.probability; });
        which.push_back(best->label);
      }
      std::vector<Explanation> explanations;
      for (const std::string& l : which) {
        Result<Explanation> e = clf->Explain(d.text, l, a->top);
        if (!e.ok()) {
          failure = e.status();
          return;
        }
        explanations.push_back(std::move(e).value());
      }
      std::cout << (a->json ? JsonReport(explanations, d, *format, c.labels)
                            : TextReport(explanations, d, header, id_prefix));
    });
    if (!failure.ok()) return Fail("explain", failure.message());
    if (!st.ok()) return Fail("explain", st.message());
    return 0;
  };
}

}  // namespace topica::cli
