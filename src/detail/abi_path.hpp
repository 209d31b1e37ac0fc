// Where a value sits inside an ABI value tree, for error messages ("value 1[3].0").
#pragma once

#include <cstddef>
#include <string>

namespace liquidbot::detail {

/// One step from the root: element `index` of an array, or member `index` of a tuple. Lives on the
/// stack of the recursive codec; only turned into text when an error is reported.
struct AbiPath {
  const AbiPath* parent = nullptr;
  std::size_t index = 0;
  bool member = false;  ///< tuple member (".i") rather than array element ("[i]")
};

/// "value 1[3].0" for the path from a top-level value (the root frame's index) down to `path`.
inline std::string abi_path_text(const AbiPath& path) {
  if (path.parent == nullptr) return "value " + std::to_string(path.index);
  std::string text = abi_path_text(*path.parent);
  if (path.member) {
    text += '.';
    text += std::to_string(path.index);
  } else {
    text += '[';
    text += std::to_string(path.index);
    text += ']';
  }
  return text;
}

}  // namespace liquidbot::detail
