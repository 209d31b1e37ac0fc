// Entry point of the liquidbot command-line program.
#include "cli.hpp"

#include <liquidbot/version.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace liquidbot::cli {
namespace {

std::vector<Verb>& registry() {
  static std::vector<Verb> verbs;
  return verbs;
}

void print_help(std::FILE* out) {
  std::fprintf(out, "liquidbot %s — Aave V3 liquidation protection on Base\n\nusage:\n",
               kVersionString);
  auto verbs = registry();
  std::sort(verbs.begin(), verbs.end(),
            [](const Verb& a, const Verb& b) { return std::strcmp(a.name, b.name) < 0; });
  for (const auto& verb : verbs) std::fprintf(out, "  liquidbot %s\n", verb.usage);
}

}  // namespace

Registrar::Registrar(std::vector<Verb> verbs) {
  for (auto& verb : verbs) registry().push_back(std::move(verb));
}

Args::Args(std::span<char* const> argv, std::vector<std::string_view> flags) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") {
      for (++i; i < argv.size(); ++i) positionals_.emplace_back(argv[i]);
      break;
    }
    if (arg.size() > 2 && arg.substr(0, 2) == "--") {
      std::string name{arg.substr(2)};
      std::optional<std::string> value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name.resize(eq);
      } else if (std::find(flags.begin(), flags.end(), name) == flags.end()) {
        if (i + 1 >= argv.size()) fail("--" + name, "expects a value");
        value = argv[++i];
      }
      options_.push_back({std::move(name), std::move(value)});
    } else {
      positionals_.emplace_back(arg);
    }
  }
}

std::optional<std::string> Args::option(std::string_view name) {
  std::optional<std::string> found;
  for (auto& opt : options_) {
    if (opt.name != name) continue;
    if (opt.used) fail("--" + std::string(name), "given more than once");
    if (!opt.value) fail("--" + std::string(name), "expects a value");
    opt.used = true;
    found = opt.value;
  }
  return found;
}

std::string Args::required(std::string_view name) {
  auto value = option(name);
  if (!value) fail("--" + std::string(name), "is required");
  return *value;
}

std::vector<std::string> Args::all(std::string_view name) {
  std::vector<std::string> values;
  for (auto& opt : options_) {
    if (opt.name != name) continue;
    if (!opt.value) fail("--" + std::string(name), "expects a value");
    opt.used = true;
    values.push_back(*opt.value);
  }
  return values;
}

bool Args::flag(std::string_view name) {
  bool present = false;
  for (auto& opt : options_) {
    if (opt.name != name) continue;
    if (opt.value) fail("--" + std::string(name), "takes no value");
    opt.used = true;
    present = true;
  }
  return present;
}

const std::string& Args::positional(std::size_t i, std::string_view what) const {
  if (i >= positionals_.size()) fail(what, "is missing");
  return positionals_[i];
}

void Args::reject_unknown() const {
  for (const auto& opt : options_)
    if (!opt.used) fail("--" + opt.name, "is not an option of this command");
}

void fail(std::string_view what, std::string_view message) {
  std::string text{what};
  text += ": ";
  text += message;
  throw UsageError{std::move(text)};
}

std::string read_file(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(what, "cannot open file '" + path + "'");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) fail(what, "cannot read file '" + path + "'");
  return content.str();
}

}  // namespace liquidbot::cli

int main(int argc, char** argv) {
  using namespace liquidbot::cli;
  if (argc < 2 || std::strcmp(argv[1], "help") == 0 || std::strcmp(argv[1], "--help") == 0) {
    print_help(argc < 2 ? stderr : stdout);
    return argc < 2 ? kExitBadInput : kExitOk;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::printf("liquidbot %s\n", liquidbot::kVersionString);
    return kExitOk;
  }
  // Two-word verbs ("wallet sign") win over one-word verbs.
  const Verb* verb = nullptr;
  int consumed = 0;
  for (const auto& candidate : registry()) {
    std::string_view name = candidate.name;
    if (auto space = name.find(' '); space != std::string_view::npos) {
      if (argc > 2 && name.substr(0, space) == argv[1] && name.substr(space + 1) == argv[2]) {
        verb = &candidate;
        consumed = 3;
        break;
      }
    } else if (name == argv[1] && consumed < 2) {
      verb = &candidate;
      consumed = 2;
    }
  }
  if (verb == nullptr) {
    std::fprintf(stderr, "liquidbot: unknown command '%s' (see 'liquidbot help')\n", argv[1]);
    return kExitBadInput;
  }
  try {
    Args args(std::span<char* const>(argv + consumed, static_cast<std::size_t>(argc - consumed)),
              verb->flags);
    return verb->run(args);
  } catch (const UsageError& error) {
    std::fprintf(stderr, "liquidbot %s: %s\n", verb->name, error.message.c_str());
    return kExitBadInput;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "liquidbot %s: internal error: %s\n", verb->name, error.what());
    return kExitFailure;
  }
}
