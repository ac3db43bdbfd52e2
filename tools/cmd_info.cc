// topica info: what a model is.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"

namespace topica::cli {

Runner AddInfo(CLI::App* app) {
  struct Args {
    std::string model;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  app->add_option("--model,-m", a->model, "Model file (default: $TOPICA_MODEL, else the shipped news-topics model)");
  app->add_flag("--json", a->json, "Print as JSON");
  return [a]() {
    Result<std::string> path = ResolveModelPath(a->model);
    if (!path.ok()) return Fail("info", path.status().message());
    Result<Classifier> clf = Classifier::FromFile(*path);
    if (!clf.ok()) return Fail("info", clf.status().message() + ModelSourceNote(a->model));
    const ModelInfo info = clf->Info();
    const nlohmann::json settings = nlohmann::json::parse(info.settings_json);
    const nlohmann::json training = nlohmann::json::parse(info.training_json);
    nlohmann::json j = {{"file", *path},
                        {"name", info.name},
                        {"producer", info.producer},
                        {"format_version", info.format_version},
                        {"task", TaskName(info.task)},
                        {"labels", info.labels},
                        {"features", info.num_features},
                        {"weights", info.num_weights},
                        {"settings", settings},
                        {"training", training}};
    if (info.task == Task::kMultiLabel) {
      nlohmann::json t = nlohmann::json::object();
      for (size_t i = 0; i < info.labels.size(); ++i) t[info.labels[i]] = info.thresholds[i];
      j["thresholds"] = t;
    }
    if (a->json) {
      std::cout << j.dump(2) << "\n";
      return 0;
    }
    std::cout << "file:      " << *path << "\n"
              << "name:      " << (info.name.empty() ? "(none)" : info.name) << "\n"
              << "producer:  " << info.producer << " (format version " << info.format_version << ")\n"
              << "task:      " << TaskName(info.task) << "\n"
              << "labels:    " << info.labels.size() << "\n";
    size_t width = 0;  // label names padded to one column
    for (const std::string& l : info.labels) width = std::max(width, l.size());
    for (size_t i = 0; i < info.labels.size(); ++i) {
      std::cout << "  " << info.labels[i] << std::string(width - info.labels[i].size(), ' ');
      if (info.task == Task::kMultiLabel) {
        char t[32];
        std::snprintf(t, sizeof t, "%.3f", static_cast<double>(info.thresholds[i]));
        std::cout << "  threshold " << t;
      }
      if (training.contains("label_counts") && training["label_counts"].contains(info.labels[i])) {
        std::cout << "  " << training["label_counts"][info.labels[i]].dump() << " training documents";
      }
      std::cout << "\n";
    }
    std::cout << "features:  " << info.num_features << " terms, " << info.num_weights << " weights\n"
              << "settings:  " << settings.dump() << "\n"
              << "training:  " << training.dump() << "\n";
    return 0;
  };
}

}  // namespace topica::cli
