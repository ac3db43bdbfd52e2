// topica train: read labelled documents, train, write the model atomically.
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"
#include "report.h"
#include "topica/evaluate.h"
#include "topica/trainer.h"

namespace topica::cli {
namespace {

// Progress on stderr: a bar on a terminal, one line per stage otherwise.
class Progress {
 public:
  Progress(bool quiet, bool verbose) : quiet_(quiet), verbose_(verbose), tty_(::isatty(2) != 0) {}
  void operator()(std::string_view stage, double fraction) {
    if (verbose_ && stage != stage_) {
      const auto now = std::chrono::steady_clock::now();
      const std::clock_t cpu = std::clock();
      if (!stage_.empty()) {
        std::fprintf(stderr, "%s%-18s %6.2f s wall, %6.2f s cpu\n", tty_ ? "\r" : "", stage_.c_str(),
                     std::chrono::duration<double>(now - start_).count(),
                     static_cast<double>(cpu - cpu_start_) / CLOCKS_PER_SEC);
      }
      stage_ = std::string(stage);
      start_ = now;
      cpu_start_ = cpu;
    }
    if (quiet_) return;
    if (!tty_) {
      if (stage != last_) std::cerr << "topica train: " << stage << "\n";
      last_ = std::string(stage);
      return;
    }
    const int width = 30;
    const int filled = static_cast<int>(fraction * width + 0.5);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(width, ' ');
    std::fprintf(stderr, "\r%-18.18s [%s] %3d%%", std::string(stage).c_str(), bar.c_str(),
                 static_cast<int>(fraction * 100 + 0.5));
    if (stage == "done") std::fprintf(stderr, "\n");
    std::fflush(stderr);
  }

 private:
  bool quiet_;
  bool verbose_;
  bool tty_;
  std::string last_;
  std::string stage_;
  std::chrono::steady_clock::time_point start_;
  std::clock_t cpu_start_ = 0;
};

Status ParseLabelWeights(const std::vector<std::string>& specs, TrainConfig* config) {
  for (const std::string& spec : specs) {
    const size_t eq = spec.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      return Status(StatusCode::kInvalidArgument,
                    "--label-weight: expected LABEL=WEIGHT, got '" + spec + "'");
    }
    char* end = nullptr;
    const std::string num = spec.substr(eq + 1);
    const double w = std::strtod(num.c_str(), &end);
    if (end == num.c_str() || *end != '\0') {
      return Status(StatusCode::kInvalidArgument, "--label-weight: '" + num + "' is not a number");
    }
    config->label_weights[spec.substr(0, eq)] = w;
  }
  return Status::Ok();
}

}  // namespace

Runner AddTrain(CLI::App* app) {
  struct Args {
    std::string data, valid, out, format = "auto";
    DataOptions data_options;
    TrainConfig config;
    std::string task = "auto", loss = "squared_hinge";
    std::pair<int, int> word_ngrams, char_ngrams;
    std::vector<std::string> label_weights;
    bool keep_unweighted = false;
    bool quiet = false;
    bool verbose = false;
    bool no_sublinear_tf = false;
  };
  auto a = std::make_shared<Args>();
  TrainConfig& c = a->config;
  a->word_ngrams = {c.word_ngram_min, c.word_ngram_max};
  a->char_ngrams = {c.char_ngram_min, c.char_ngram_max};
  app->add_option("--data,-d", a->data, "Training documents (JSONL, CSV, TSV or fastText)")->required();
  app->add_option("--valid", a->valid, "Held-out documents: scored after training (not used to fit)");
  app->add_option("--out,-o", a->out, "Model file to write (replaced atomically)")->required();
  app->add_option("--name", c.name, "Model name stored in the file");
  AddDataOptions(app, &a->data_options, &a->format);
  app->add_option("--task", a->task,
                  "auto (multilabel if any document has 0 or 2+ labels), multiclass, multilabel")
      ->capture_default_str()->group("Model");
  // CLI11 shows a pair as "[INT,INT]" with no default; spell both out.
  app->add_option("--word-ngrams", a->word_ngrams, "Word n-gram range MIN MAX (0 0: none)")
      ->type_name("MIN MAX")->default_str(std::to_string(c.word_ngram_min) + " " +
                                          std::to_string(c.word_ngram_max))->group("Features");
  app->add_option("--char-ngrams", a->char_ngrams, "Character n-gram range MIN MAX (0 0: none)")
      ->type_name("MIN MAX")->default_str(std::to_string(c.char_ngram_min) + " " +
                                          std::to_string(c.char_ngram_max))->group("Features");
  app->add_option("--min-df", c.min_df, "Keep terms found in at least this many documents")
      ->capture_default_str()->group("Features");
  app->add_option("--max-df", c.max_df, "... and in at most this fraction of documents")
      ->capture_default_str()->group("Features");
  app->add_option("--max-features", c.max_features, "Keep at most this many terms, most frequent first (0: all)")
      ->capture_default_str()->group("Features");
  app->add_option("--hash-bits", c.hash_bits, "0: vocabulary of terms; 1..30: hash terms into 2^N buckets")
      ->capture_default_str()->group("Features");
  app->add_flag("--strip-accents", c.strip_accents, "Remove accents (café = cafe)")->group("Features");
  // A plain flag, not CLI11's "!--no-..." form, whose help reads "--no-sublinear-tf{false}".
  app->add_flag("--no-sublinear-tf", a->no_sublinear_tf, "Use raw term counts instead of 1 + ln(count)")
      ->group("Features");
  app->add_option("--loss", a->loss, "squared_hinge (linear SVM) or logistic")
      ->capture_default_str()->group("Model");
  app->add_option("--c,-c", c.c, "Inverse regularisation strength")->capture_default_str()->group("Model");
  app->add_flag("--balanced", c.balanced, "Weight each label's positives by its rarity")->group("Model");
  app->add_option("--label-weight", a->label_weights, "LABEL=WEIGHT: extra weight on a label's positives (repeatable)")
      ->group("Model");
  app->add_option("--tolerance", c.tolerance, "Solver stopping tolerance")->capture_default_str()->group("Model");
  app->add_option("--max-iter", c.max_iterations, "Solver passes at most")->capture_default_str()->group("Model");
  app->add_option("--folds", c.folds, "Cross-validation folds for calibration and thresholds")
      ->capture_default_str()->group("Model");
  app->add_option("--tune-min-positives", c.tune_threshold_min_positives,
                  "Multilabel: tune a label's threshold only if it has this many positives")
      ->capture_default_str()->group("Model");
  app->add_option("--seed", c.seed, "Random seed (training is deterministic for a seed)")
      ->capture_default_str()->group("Model")
      ->check([](const std::string& v) {  // CLI11 would wrap "-1" to 2^64-1
        return !v.empty() && v[0] == '-' ? "expected a number >= 0, got " + v : std::string();
      });
  app->add_option("--min-weight", c.min_weight, "Drop weights smaller than this in magnitude (smaller model)")
      ->capture_default_str()->group("Model");
  app->add_option("--digits", c.significant_digits,
                  "Round weights and idf to this many significant digits (0: exact floats)")
      ->capture_default_str()->group("Model");
  app->add_flag("--keep-unweighted", a->keep_unweighted,
                "Keep features whose weights were all dropped (they still count in the L2 norm)")
      ->group("Model");
  app->add_flag("--refit", c.refit_after_pruning,
                "After dropping unweighted features, train again on the remaining ones")
      ->group("Model");
  app->add_flag("--quiet,-q", a->quiet, "No progress output");
  app->add_flag("--verbose,-v", a->verbose, "Print the time each training stage took");
  app->footer(
      "Data: JSON Lines {\"text\": \"...\", \"labels\": [\"a\", \"b\"]} ([] = no label), CSV/TSV with a\n"
      "header row (labels joined by --label-sep), or fastText lines \"__label__a __label__b text\".\n"
      "Examples:\n"
      "  topica train --data news.jsonl --out news.json\n"
      "  topica train --data news.csv --text-field body --labels-field topics --out news.json\n"
      "  topica train --data train.jsonl --valid test.jsonl --out news.json --c 0.5");
  return [a]() {
    TrainConfig& config = a->config;
    config.word_ngram_min = a->word_ngrams.first;
    config.word_ngram_max = a->word_ngrams.second;
    config.char_ngram_min = a->char_ngrams.first;
    config.char_ngram_max = a->char_ngrams.second;
    if (a->no_sublinear_tf) config.sublinear_tf = false;
    if (a->keep_unweighted) config.drop_unweighted_features = false;
    if (a->task == "auto") config.task = TaskChoice::kAuto;
    else if (a->task == "multiclass") config.task = TaskChoice::kMultiClass;
    else if (a->task == "multilabel") config.task = TaskChoice::kMultiLabel;
    else return UsageFail("train", "--task: expected auto, multiclass or multilabel, got '" + a->task + "'");
    if (a->loss == "squared_hinge") config.loss = LossChoice::kSquaredHinge;
    else if (a->loss == "logistic") config.loss = LossChoice::kLogistic;
    else return UsageFail("train", "--loss: expected squared_hinge or logistic, got '" + a->loss + "'");
    if (Status s = ParseLabelWeights(a->label_weights, &config); !s.ok()) return UsageFail("train", s.message());
    if (Status s = config.Validate(); !s.ok()) return UsageFail("train", s.message());
    if (Status s = ApplyFormat(a->format, &a->data_options); !s.ok()) return UsageFail("train", s.message());
    // An --out that can never be written fails now, not after a long training run.
    {
      std::error_code ec;
      const std::filesystem::path out(a->out), parent = out.parent_path();
      if (std::filesystem::is_directory(out, ec)) return Fail("train", a->out + ": is a directory");
      if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
        return Fail("train", a->out + ": cannot write: no directory '" + parent.string() + "'");
      }
    }

    const auto start = std::chrono::steady_clock::now();
    Result<std::vector<Document>> docs = ReadDataset(a->data, a->data_options);
    if (!docs.ok()) return Fail("train", docs.status().message());
    Result<std::vector<Document>> valid = std::vector<Document>();
    if (!a->valid.empty()) {
      valid = ReadDataset(a->valid, a->data_options);
      if (!valid.ok()) return Fail("train", valid.status().message());
      // Fail before training, not after, on a validation label the training data lacks.
      std::set<std::string> known;
      for (const Document& d : *docs) known.insert(d.labels.begin(), d.labels.end());
      for (const Document& d : *valid) {
        for (const std::string& l : d.labels) {
          if (known.count(l) == 0) {
            return Fail("train", a->valid + ":" + std::to_string(d.line) + ": label '" + l +
                                     "' does not occur in the training data " + a->data);
          }
        }
      }
    }
    Progress progress(a->quiet, a->verbose);
    Result<TrainedModel> model = Train(*docs, config, [&](std::string_view s, double f) { progress(s, f); });
    if (!model.ok()) return Fail("train", a->data + ": " + model.status().message());
    // Score --valid before writing: a failed command must leave no model behind.
    Result<EvalReport> valid_report = EvalReport();
    if (!a->valid.empty()) {
      Result<Classifier> clf = Classifier::FromJson(model->json);
      if (!clf.ok()) return Fail("train", clf.status().message());
      valid_report = Evaluate(*clf, *valid, a->valid);
      if (!valid_report.ok()) return Fail("train", valid_report.status().message());
    }
    if (Status s = WriteFileAtomic(a->out, model->json); !s.ok()) return Fail("train", s.message());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const nlohmann::json summary = nlohmann::json::parse(model->summary_json);
    const auto& cv = summary["cross_validation"];
    std::cerr << "trained a " << TaskName(model->task) << " model on " << docs->size()
              << " documents: " << model->labels.size() << " labels, " << model->num_features
              << " features, " << model->num_weights << " weights\n";
    char line[256];
    if (model->task == Task::kMultiClass) {
      std::snprintf(line, sizeof line, "cross-validation (%d folds): accuracy %.4f, macro-F1 %.4f\n",
                    cv["folds"].get<int>(), cv["accuracy"].get<double>(), cv["macro_f1"].get<double>());
    } else {
      std::snprintf(line, sizeof line, "cross-validation (%d folds): micro-F1 %.4f, macro-F1 %.4f\n",
                    cv["folds"].get<int>(), cv["micro_f1"].get<double>(), cv["macro_f1"].get<double>());
    }
    std::cerr << line;
    if (!a->valid.empty()) {
      std::cerr << "validation (" << a->valid << "): " << SummaryLine(*valid_report) << "\n";
    }
    std::snprintf(line, sizeof line, "wrote %s (%.1f KB) in %.1f s\n", a->out.c_str(),
                  static_cast<double>(model->json.size()) / 1024.0, seconds);
    std::cerr << line;
    return 0;
  };
}

}  // namespace topica::cli
