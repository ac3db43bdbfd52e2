// topica classify: one JSON object per document: {"labels": [...], "scores": {...}}.
#include <cinttypes>
#include <cstdio>
#include <ctime>
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
    std::string scores = "all";
    bool raw = false;
    bool timing = false;
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
  app->add_option("--scores", a->scores,
                  "all: every label's probability; predicted: only the predicted labels'; "
                  "none: labels only (no \"scores\" key)")
      ->check(CLI::IsMember({"all", "predicted", "none"}))
      ->capture_default_str();
  app->add_flag("--raw", a->raw, "Also print raw (uncalibrated) scores, for the same labels as --scores");
  app->add_flag("--timing", a->timing,
                "At the end, print to standard error the CPU time of loading the model and of "
                "classifying (reading, classifying, writing), and the classify rate");
  app->footer(
      "Output, one line per document:\n"
      "  {\"labels\":[\"diplomacy\"],\"scores\":{\"diplomacy\":0.93,...}}\n"
      "labels are the predicted labels (above their stored thresholds, or the top label of a\n"
      "multiclass model); scores are calibrated probabilities. jsonl input adds \"id\", lines\n"
      "input adds \"line\", and several files add \"file\".\n"
      "  topica classify --scores none --input-format lines docs.txt   # labels only");
  return [a]() {
    Result<InputFormat> format = ParseInputFormat(a->input_format);
    if (!format.ok()) return UsageFail("classify", format.status().message());
    if (a->raw && a->scores == "none")
      return UsageFail("classify", "--raw prints scores: use it with --scores all or predicted");
    const std::clock_t started = std::clock();  // process CPU time: the CLI is one thread
    Result<Classifier> clf = LoadModel(a->model);
    if (!clf.ok()) return Fail("classify", clf.status().message());
    const std::clock_t loaded = std::clock();
    int64_t documents = 0, text_bytes = 0;
    const bool name_files = a->inputs.size() > 1;
    enum class Show { kAll, kPredicted, kNone };
    const Show show = a->scores == "none" ? Show::kNone
                      : a->scores == "predicted" ? Show::kPredicted : Show::kAll;
    // The labels as JSON strings, quoted once here rather than once per document and label:
    // on short documents with many labels (cap_nyt, 28 labels) quoting them with JsonString
    // took a third of the run (bench/README.md). Scores come in model label order.
    const std::vector<std::string>& labels = clf->labels();
    std::vector<std::string> quoted;
    quoted.reserve(labels.size());
    for (const std::string& l : labels) quoted.push_back(JsonString(l));
    // Output is gathered into blocks of about 64 KB and written with one call each: the
    // stream writes any piece of 1 KB or more straight through with a system call, and one
    // document's line is often that long (28-90 labels). Reading standard input, each line
    // goes out as soon as it is classified, so interactive use sees it at once.
    bool from_stdin = a->inputs.empty();
    for (const std::string& in : a->inputs) from_stdin = from_stdin || in == "-";
    constexpr size_t kBlock = size_t{1} << 16;
    std::string out;
    auto write_out = [&out]() {
      std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
      out.clear();
    };
    // Reused: no allocation per document. Probabilities only when printed (a multi-class
    // model then computes none), raw scores only with --raw.
    std::vector<int32_t> predicted;  // indices into labels, ascending
    std::vector<float> probabilities, raw;
    std::vector<float>* want_probabilities = show == Show::kNone ? nullptr : &probabilities;
    std::vector<float>* want_raw = a->raw ? &raw : nullptr;
    Status st = ForEachInput(a->inputs, *format, a->id_field, a->text_field,
                             [&](const InputDocument& d) {
      clf->ClassifyIndices(d.text, &predicted, want_probabilities, want_raw);
      ++documents;
      text_bytes += static_cast<int64_t>(d.text.size());
      out += '{';
      if (*format == InputFormat::kJsonl) {
        out += "\"id\":";
        out += JsonString(d.id);
        out += ',';
      }
      if (*format == InputFormat::kLines) {
        out += "\"line\":";
        out += d.id;
        out += ',';
      }
      if (name_files) {
        out += "\"file\":";
        out += JsonString(d.source);
        out += ',';
      }
      out += "\"labels\":[";
      for (size_t k = 0; k < predicted.size(); ++k) {
        if (k) out += ',';
        out += quoted[predicted[k]];
      }
      out += ']';
      // Scores of every label, of the predicted labels only, or none (--scores), in labels order.
      auto append_scores = [&](const char* key, const std::vector<float>& score) {
        if (show == Show::kNone) return;
        out += key;
        const size_t n = show == Show::kPredicted ? predicted.size() : labels.size();
        for (size_t k = 0; k < n; ++k) {
          if (k) out += ',';
          const size_t i = show == Show::kPredicted ? static_cast<size_t>(predicted[k]) : k;
          out += quoted[i];
          out += ':';
          AppendFloat(out, score[i]);
        }
        out += '}';
      };
      append_scores(",\"scores\":{", probabilities);
      if (a->raw) append_scores(",\"raw\":{", raw);
      out += "}\n";
      if (from_stdin || out.size() >= kBlock) write_out();
    });
    write_out();  // the documents before an error are printed too, as before
    std::cout.flush();
    if (a->timing) {
      const double load_s = static_cast<double>(loaded - started) / CLOCKS_PER_SEC;
      const double classify_s = static_cast<double>(std::clock() - loaded) / CLOCKS_PER_SEC;
      std::fprintf(stderr,
                   "timing: load %.1f ms CPU, classify %.1f ms CPU, %" PRId64 " documents, %" PRId64
                   " bytes of text, %.2f MB/s\n",
                   1e3 * load_s, 1e3 * classify_s, documents, text_bytes,
                   classify_s > 0 ? static_cast<double>(text_bytes) / 1e6 / classify_s : 0.0);
    }
    if (!st.ok()) return Fail("classify", st.message());
    return 0;
  };
}

}  // namespace topica::cli
