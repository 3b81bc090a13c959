// The Python interpreter inside the tfviz executable, for --scene FILE.py: the same _tfviz module
// as `import tfviz` gets (module.hpp), built in, so sections a scene file builds are this process's
// own timelines. The interpreter starts on the first scene file.
#pragma once

namespace tfviz::python {

// Lets --scene open Python scene files (setSceneFileOpener).
void enableSceneFiles();

}  // namespace tfviz::python
