// Batch vertex shader: target pixels (row 0 at the top) to clip space. Row 0 maps to y = -1, so
// glReadPixels returns rows in PNG order; the window flips when it blits. A quad's params and
// colour are the same at its four corners, so they reach the fragment shader flat (llvmpipe then
// interpolates nothing for them).
#version 330 core
layout(location = 0) in vec2 aPos;
layout(location = 1) in vec2 aUv;
layout(location = 2) in vec4 aParams;
layout(location = 3) in vec4 aColor;

uniform vec2 uTargetSize;

out vec2 vUv;
flat out vec4 vParams;
flat out vec4 vColor;

void main() {
  vec2 ndc = aPos / uTargetSize * 2.0 - 1.0;
  gl_Position = vec4(ndc, 0.0, 1.0);
  vUv = aUv;
  vParams = aParams;
  vColor = aColor;
}
