// topica classify: one JSON object per document: {"labels": [...], "scores": {...}}.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli_common.h"
#include "commands.h"

namespace topica::cli {

Runner AddClassify(CLI::App* app) {
  struct Args {
    std::string model;
    std::vector<std::string> inputs;
    std::string input_format = "text";
    std::string id_field = "id";
    std::string text_field = "text";
    bool raw = false;
  };
  auto a = std::make_shared<Args>();
  app->add_option("--model,-m", a->model, "Model file (default: $TOPICA_MODEL, else the shipped news-topics model)");
  app->add_option("inputs", a->inputs, "Files to classify; '-' or none reads standard input");
  app->add_option("--input-format", a->input_format,
                  "text: each file is one document; lines: one document per line; "
                  "jsonl: one JSON object per line with 'id' and 'text'")
      ->capture_default_str();
  app->add_option("--id-field", a->id_field, "jsonl: key of the id")->capture_default_str();
  app->add_option("--text-field", a->text_field, "jsonl: key of the text")->capture_default_str();
  app->add_flag("--raw", a->raw, "Also print raw (uncalibrated) scores");
  app->footer(
      "Output, one line per document:\n"
      "  {\"labels\":[\"diplomacy\"],\"scores\":{\"diplomacy\":0.93,...}}\n"
      "labels are the predicted labels (above their stored thresholds, or the top label of a\n"
      "multiclass model); scores are calibrated probabilities. jsonl input adds \"id\", lines\n"
      "input adds \"line\", and several files add \"file\".");
  return [a]() {
    Result<InputFormat> format = ParseInputFormat(a->input_format);
    if (!format.ok()) return UsageFail("classify", format.status().message());
    Result<Classifier> clf = LoadModel(a->model);
    if (!clf.ok()) return Fail("classify", clf.status().message());
    const bool name_files = a->inputs.size() > 1;
    std::string out;
    Status st = ForEachInput(a->inputs, *format, a->id_field, a->text_field,
                             [&](const InputDocument& d) {
      const Classification c = clf->Classify(d.text);
      out.clear();
      out += '{';
      if (*format == InputFormat::kJsonl) out += "\"id\":" + JsonString(d.id) + ',';
      if (*format == InputFormat::kLines) out += "\"line\":" + d.id + ',';
      if (name_files) out += "\"file\":" + JsonString(d.source) + ',';
      out += "\"labels\":[";
      for (size_t i = 0; i < c.labels.size(); ++i) out += (i ? "," : "") + JsonString(c.labels[i]);
      out += "],\"scores\":{";
      for (size_t i = 0; i < c.scores.size(); ++i) {
        out += (i ? "," : "") + JsonString(c.scores[i].label) + ':' + FormatFloat(c.scores[i].probability);
      }
      out += '}';
      if (a->raw) {
        out += ",\"raw\":{";
        for (size_t i = 0; i < c.scores.size(); ++i) {
          out += (i ? "," : "") + JsonString(c.scores[i].label) + ':' + FormatFloat(c.scores[i].raw);
        }
        out += '}';
      }
      out += "}\n";
      std::cout << out;
    });
    std::cout.flush();
    if (!st.ok()) return Fail("classify", st.message());
    return 0;
  };
}

}  // namespace topica::cli
