// Batch fragment shader, built three times with one of these defined (see renderer.cpp):
//   TFVIZ_RECTS         rounded rectangles (fill or stroke) with analytic antialiasing
//   TFVIZ_GLYPHS        signed-distance-field glyphs
//   TFVIZ_SMALL_GLYPHS  glyphs minified more than 2x (the renderer decides per glyph)
// Three programs rather than one with branches: llvmpipe runs both sides of a branch for every
// block of pixels, so each rectangle paid for the small glyphs' five texture samples. Output is
// premultiplied alpha.
#version 330 core
in vec2 vUv;
flat in vec4 vParams;
flat in vec4 vColor;

uniform sampler2D uAtlas;

out vec4 fragColor;

// Signed distance from p to a rounded box of half size b and corner radius r (negative inside).
float roundedBox(vec2 p, vec2 b, float r) {
  vec2 q = abs(p) - b + vec2(r);
  return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - r;
}

void main() {
#if defined(TFVIZ_RECTS)
  float d = roundedBox(vUv, vParams.xy, vParams.z);
  float stroke = vParams.w;
  if (stroke > 0.0) d = abs(d + stroke * 0.5) - stroke * 0.5;
  float coverage = clamp(0.5 - d, 0.0, 1.0);
#elif defined(TFVIZ_GLYPHS)
  // The atlas stores 0.5 on the glyph's edge; fwidth keeps the edge one pixel wide at any scale.
  float d = texture(uAtlas, vUv).r;
  float w = max(fwidth(d), 1e-4);
  float coverage = smoothstep(0.5 - w, 0.5 + w, d);
#elif defined(TFVIZ_SMALL_GLYPHS)
  // Small text averages four samples inside the pixel, so strokes thinner than a pixel fade
  // instead of dropping out.
  vec2 dx = dFdx(vUv);
  vec2 dy = dFdy(vUv);
  float w = max(fwidth(texture(uAtlas, vUv).r), 1e-4);
  float sum = 0.0;
  sum += smoothstep(0.5 - w, 0.5 + w, texture(uAtlas, vUv + 0.25 * (dx + dy)).r);
  sum += smoothstep(0.5 - w, 0.5 + w, texture(uAtlas, vUv + 0.25 * (dx - dy)).r);
  sum += smoothstep(0.5 - w, 0.5 + w, texture(uAtlas, vUv - 0.25 * (dx + dy)).r);
  sum += smoothstep(0.5 - w, 0.5 + w, texture(uAtlas, vUv - 0.25 * (dx - dy)).r);
  float coverage = sum * 0.25;
#else
#error "batch.frag: define TFVIZ_RECTS, TFVIZ_GLYPHS or TFVIZ_SMALL_GLYPHS"
#endif
  float a = vColor.a * coverage;
  fragColor = vec4(vColor.rgb * a, a);
}
