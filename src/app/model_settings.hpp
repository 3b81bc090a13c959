// The model section's inputs from the command line and the inspector (--weights, --vocab, the
// prompt as words or --tokens), and `tfviz model`: a prompt's next-token distribution and, with
// --dump, every intermediate tensor of the forward pass as .npy. Pure: no GL, no window.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/cli.hpp"
#include "scene/sections/registry.hpp"

namespace tfviz {

// The prompt's words (split on spaces) as token ids of `vocab`: one line naming the first word
// that is not in it, or an empty prompt.
std::variant<std::vector<int>, std::string> tokenize(const std::string& prompt,
                                                     const std::vector<std::string>& vocab);

// The model section's inputs from --weights, --vocab and the prompt (--prompt words, or --tokens):
// a file is read and checked, the prompt turned into ids and checked against the model. Refused
// with one line naming the flag for a section that shows no model (`section` "all" applies them to
// the model section among all). On error `settings` is left unchanged.
std::optional<std::string> applyModelFlags(SectionInputs& settings, const ModelFlags& flags,
                                           const std::optional<std::string>& prompt,
                                           const std::string& section);

// The weights and vocabulary the flags name (the shipped ones by default), into `out`.
std::optional<std::string> loadModel(const ModelFlags& flags, ModelInputs& out);
// The prompt (words through out.vocab, or token ids) into out.tokens, checked against the model.
std::optional<std::string> promptTokens(const std::optional<std::string>& prompt,
                                        const std::optional<std::vector<int>>& tokens,
                                        ModelInputs& out);

// `tfviz model` (model_command.cpp): prints the distribution; returns the exit code (2: bad
// input, one line).
int runModelCommand(const ModelCommand& command);

}  // namespace tfviz
