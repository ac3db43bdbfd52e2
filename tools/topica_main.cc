// topica: train, evaluate, explain and apply topica topic models from the command line.
#include <iostream>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "cli_common.h"
#include "topica/version.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"topica: small, fast, explainable topic classification (TF-IDF + linear model)."};
  app.name("topica");
  app.set_version_flag("--version", std::string("topica ") + topica::Version());
  app.require_subcommand(1);
  app.footer(
      "Run 'topica <command> --help' for a command's options.\n"
      "Examples:\n"
      "  topica classify article.txt                 # tag a text with the default model\n"
      "  topica train --data train.jsonl --out my.json\n"
      "  topica eval --model my.json --data test.jsonl\n"
      "  topica explain --model my.json article.txt");
  using topica::cli::Runner;
  std::map<CLI::App*, Runner> runners;
  auto add = [&](const char* name, const char* help, Runner (*fn)(CLI::App*)) {
    CLI::App* sub = app.add_subcommand(name, help);
    runners[sub] = fn(sub);
  };
  add("train", "Train a model on labelled documents", &topica::cli::AddTrain);
  add("classify", "Tag documents (one JSON object per document on stdout)", &topica::cli::AddClassify);
  add("eval", "Score a model against labelled documents", &topica::cli::AddEval);
  add("explain", "Show which terms drive each predicted label", &topica::cli::AddExplain);
  add("info", "Describe a model: labels, sizes, settings, training summary", &topica::cli::AddInfo);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : topica::cli::kExitUsage;
  }
  for (const auto& [sub, run] : runners) {
    if (sub->parsed()) {
      try {
        return run();
      } catch (const std::exception& e) {  // e.g. out of memory while training
        return topica::cli::Fail(sub->get_name(), e.what());
      }
    }
  }
  return topica::cli::kExitUsage;
}
