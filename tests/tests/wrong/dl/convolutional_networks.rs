//! Wrong answers to dl lesson 4, convolutional networks:
//! notebooks/04-dl/04-convolutional-networks.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "dl/conv-output-size",
            what: "forgets the + 1",
            grade: |g| checks::dl::conv_output_size(g, size_without_one),
            says: "one short: the kernel fits once at the start",
        },
        Wrong {
            id: "dl/conv-output-size",
            what: "pads one side only",
            grade: |g| checks::dl::conv_output_size(g, size_padding_once),
            says: "padding goes on both sides",
        },
        Wrong {
            id: "dl/conv-output-size",
            what: "ignores the stride",
            grade: |g| checks::dl::conv_output_size(g, size_without_stride),
            says: "the stride is missing",
        },
        Wrong {
            id: "dl/conv2d-naive",
            what: "flips the kernel",
            grade: |g| checks::dl::conv2d_naive(g, conv_flipped),
            says: "the kernel is flipped",
        },
        Wrong {
            id: "dl/conv2d-naive",
            what: "keeps the image's size",
            grade: |g| checks::dl::conv2d_naive(g, conv_same_size),
            says: "the output has the image's size",
        },
        Wrong {
            id: "dl/digits-cnn",
            what: "returns an untrained network",
            grade: |g| checks::dl::digits_cnn(g, untrained_cnn),
            says: "that is chance level",
        },
    ]
}

pub fn size_without_one(input: i64, kernel: i64, stride: i64, padding: i64) -> i64 {
    (input + 2 * padding - kernel) / stride
}

pub fn size_padding_once(input: i64, kernel: i64, stride: i64, padding: i64) -> i64 {
    (input + padding - kernel) / stride + 1
}

pub fn size_without_stride(input: i64, kernel: i64, _stride: i64, padding: i64) -> i64 {
    input + 2 * padding - kernel + 1
}

pub fn conv_flipped(image: &Tensor, kernel: &Tensor) -> Tensor {
    let flipped = kernel.flip([0i64, 1]);
    image
        .view([1, 1, image.size()[0], image.size()[1]])
        .conv2d(
            &flipped.view([1, 1, kernel.size()[0], kernel.size()[1]]),
            None::<Tensor>,
            [1i64],
            [0i64],
            [1i64],
            1,
        )
        .squeeze()
}

pub fn conv_same_size(image: &Tensor, kernel: &Tensor) -> Tensor {
    let padded = image.view([1, 1, image.size()[0], image.size()[1]]);
    let out = padded.conv2d(
        &kernel.view([1, 1, kernel.size()[0], kernel.size()[1]]),
        None::<Tensor>,
        [1i64],
        [0i64],
        [1i64],
        1,
    );
    out.squeeze()
        .constant_pad_nd([0, kernel.size()[1] - 1, 0, kernel.size()[0] - 1])
}

pub fn untrained_cnn(_x: &Tensor, _y: &Tensor) -> nn::Sequential {
    let vs = nn::VarStore::new(Device::Cpu);
    let p = vs.root();
    nn::seq()
        .add(nn::conv2d(&p / "conv", 1, 4, 5, Default::default()))
        .add_fn(|t| t.relu().max_pool2d_default(2).flatten(1, -1))
        .add(nn::linear(&p / "out", 4 * 12 * 12, 10, Default::default()))
}
