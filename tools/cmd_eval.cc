// topica eval: score a model against labelled documents.
#include <iostream>
#include <memory>
#include <string>

#include "cli_common.h"
#include "commands.h"
#include "report.h"
#include "topica/evaluate.h"

namespace topica::cli {

Runner AddEval(CLI::App* app) {
  struct Args {
    std::string model, data, format = "auto";
    DataOptions data_options;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  app->add_option("--model,-m", a->model, "Model file (default: $TOPICA_MODEL, else the shipped news-topics model)");
  app->add_option("--data,-d", a->data, "Labelled documents (JSONL, CSV, TSV or fastText)")->required();
  AddDataOptions(app, &a->data_options, &a->format);
  app->add_flag("--json", a->json, "Print the report as JSON");
  app->footer(
      "Reports accuracy (multiclass) or exact-match ratio (multilabel), micro and macro\n"
      "precision/recall/F1, per-label precision/recall/F1/support, and a confusion matrix for\n"
      "multiclass models. Labels are predicted exactly as 'topica classify' does.");
  return [a]() {
    if (Status s = ApplyFormat(a->format, &a->data_options); !s.ok()) return UsageFail("eval", s.message());
    Result<Classifier> clf = LoadModel(a->model);
    if (!clf.ok()) return Fail("eval", clf.status().message());
    Result<std::vector<Document>> docs = ReadDataset(a->data, a->data_options);
    if (!docs.ok()) return Fail("eval", docs.status().message());
    Result<EvalReport> report = Evaluate(*clf, *docs, a->data);
    if (!report.ok()) return Fail("eval", report.status().message());
    std::cout << (a->json ? ReportJson(*report) : ReportTable(*report));
    return 0;
  };
}

}  // namespace topica::cli
