//! Exercise `dl/conv-output-size`: the arithmetic behind every CNN's layer shapes.

/// The width (or height) of a convolution's output, for an input `input` pixels wide,
/// a kernel `kernel` wide, moved `stride` pixels at a time, over an input padded with
/// `padding` zeros on *each* side. Pooling layers follow the same rule.
///
/// Example: 28 pixels, a 5-pixel kernel, stride 1, padding 2 → 28 (LeNet-5's first layer).
pub fn conv_output_size(input: i64, kernel: i64, stride: i64, padding: i64) -> i64 {
    todo!()
}
