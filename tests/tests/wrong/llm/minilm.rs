//! Wrong answers to stage 5 (LLM) lesson 5, a real BERT-family encoder
//! (notebooks/05-llm/05-minilm.ipynb).

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "llm/attention-padding-bias",
            what: "keeps the mask's [batch, seq] shape",
            grade: |g| checks::llm::attention_padding_bias(g, bias_flat),
            says: "the bias has the mask's shape [batch, seq]",
        },
        Wrong {
            id: "llm/attention-padding-bias",
            what: "puts the bias along the query axis",
            grade: |g| checks::llm::attention_padding_bias(g, bias_query_axis),
            says: "the bias runs along the query axis",
        },
        Wrong {
            id: "llm/attention-padding-bias",
            what: "multiplies (1 - mask) by −∞",
            grade: |g| checks::llm::attention_padding_bias(g, bias_nan),
            says: "0 × −∞ is NaN",
        },
        Wrong {
            id: "llm/attention-padding-bias",
            what: "puts the bias on the real tokens",
            grade: |g| checks::llm::attention_padding_bias(g, bias_inverted),
            says: "the bias is on the real tokens",
        },
        Wrong {
            id: "llm/attention-padding-bias",
            what: "returns the 0/1 mask as floats",
            grade: |g| checks::llm::attention_padding_bias(g, bias_is_mask),
            says: "this is the 0/1 mask itself",
        },
        Wrong {
            id: "llm/attention-padding-bias",
            what: "uses mask - 1, a bias of −1",
            grade: |g| checks::llm::attention_padding_bias(g, bias_minus_one),
            says: "the padding bias is too small",
        },
        Wrong {
            id: "llm/attention-padding-bias",
            what: "returns an Int64 bias",
            grade: |g| checks::llm::attention_padding_bias(g, bias_int),
            says: "added to Float attention scores",
        },
        Wrong {
            id: "llm/mean-pooling",
            what: "averages over the features",
            grade: |g| checks::llm::mean_pooling(g, pool_features),
            says: "the mean ran over the last axis",
        },
        Wrong {
            id: "llm/mean-pooling",
            what: "keeps the token axis",
            grade: |g| checks::llm::mean_pooling(g, pool_keepdim),
            says: "the token axis was kept with size 1",
        },
        Wrong {
            id: "llm/mean-pooling",
            what: "averages the padding in",
            grade: |g| checks::llm::mean_pooling(g, pool_all_tokens),
            says: "the padding tokens were averaged in",
        },
        Wrong {
            id: "llm/mean-pooling",
            what: "divides the masked sum by the padded length",
            grade: |g| checks::llm::mean_pooling(g, pool_divided_by_seq),
            says: "divided by the padded length",
        },
        Wrong {
            id: "llm/mean-pooling",
            what: "sums without dividing",
            grade: |g| checks::llm::mean_pooling(g, pool_sum),
            says: "these are sums, not means",
        },
        Wrong {
            id: "llm/mean-pooling",
            what: "takes the [CLS] vector",
            grade: |g| checks::llm::mean_pooling(g, pool_first),
            says: "this is the first token's ([CLS]) vector",
        },
        Wrong {
            id: "llm/mean-pooling",
            what: "normalises the means",
            grade: |g| checks::llm::mean_pooling(g, pool_normalised),
            says: "the means were scaled to length 1",
        },
        Wrong {
            id: "llm/mean-pooling",
            what: "returns Double vectors",
            grade: |g| checks::llm::mean_pooling(g, pool_double),
            says: "sentence vectors stay Kind::Float",
        },
        Wrong {
            id: "llm/cosine-top-k",
            what: "ranks by dot product",
            grade: |g| checks::llm::cosine_top_k(g, search_dot),
            says: "these are dot products, not cosines",
        },
        Wrong {
            id: "llm/cosine-top-k",
            what: "normalises only the query",
            grade: |g| checks::llm::cosine_top_k(g, search_query_only),
            says: "only the query was normalised",
        },
        Wrong {
            id: "llm/cosine-top-k",
            what: "normalises only the rows",
            grade: |g| checks::llm::cosine_top_k(g, search_rows_only),
            says: "only the rows were normalised",
        },
        Wrong {
            id: "llm/cosine-top-k",
            what: "returns the least similar rows",
            grade: |g| checks::llm::cosine_top_k(g, search_ascending),
            says: "these are the least similar rows",
        },
        Wrong {
            id: "llm/cosine-top-k",
            what: "normalises the corpus along axis 0",
            grade: |g| checks::llm::cosine_top_k(g, search_columns),
            says: "the corpus was normalised along axis 0",
        },
    ]
}

fn padding(mask: &Tensor) -> Tensor {
    mask.eq(0).to_kind(Kind::Float)
}

pub fn bias_flat(mask: &Tensor) -> Tensor {
    padding(mask) * -1e9
}

pub fn bias_query_axis(mask: &Tensor) -> Tensor {
    (padding(mask) * -1e9).unsqueeze(1).unsqueeze(-1)
}

pub fn bias_nan(mask: &Tensor) -> Tensor {
    (padding(mask) * f64::NEG_INFINITY)
        .unsqueeze(1)
        .unsqueeze(1)
}

pub fn bias_inverted(mask: &Tensor) -> Tensor {
    (mask.to_kind(Kind::Float) * -1e9).unsqueeze(1).unsqueeze(1)
}

pub fn bias_is_mask(mask: &Tensor) -> Tensor {
    mask.to_kind(Kind::Float).unsqueeze(1).unsqueeze(1)
}

pub fn bias_minus_one(mask: &Tensor) -> Tensor {
    (mask.to_kind(Kind::Float) - 1.0).unsqueeze(1).unsqueeze(1)
}

pub fn bias_int(mask: &Tensor) -> Tensor {
    ((mask - 1) * 1_000_000_000i64).unsqueeze(1).unsqueeze(1)
}

fn weights(mask: &Tensor) -> Tensor {
    mask.to_kind(Kind::Float).unsqueeze(-1)
}

fn masked_sum(hidden: &Tensor, mask: &Tensor) -> Tensor {
    (hidden * weights(mask)).sum_dim_intlist(1, false, Kind::Float)
}

fn right_mean(hidden: &Tensor, mask: &Tensor) -> Tensor {
    masked_sum(hidden, mask) / weights(mask).sum_dim_intlist(1, false, Kind::Float)
}

pub fn pool_features(hidden: &Tensor, _mask: &Tensor) -> Tensor {
    hidden.mean_dim(-1, false, Kind::Float)
}

pub fn pool_keepdim(hidden: &Tensor, mask: &Tensor) -> Tensor {
    (hidden * weights(mask)).sum_dim_intlist(1, true, Kind::Float)
        / weights(mask).sum_dim_intlist(1, true, Kind::Float)
}

pub fn pool_all_tokens(hidden: &Tensor, _mask: &Tensor) -> Tensor {
    hidden.mean_dim(1, false, Kind::Float)
}

pub fn pool_divided_by_seq(hidden: &Tensor, mask: &Tensor) -> Tensor {
    masked_sum(hidden, mask) / hidden.size()[1] as f64
}

pub fn pool_sum(hidden: &Tensor, mask: &Tensor) -> Tensor {
    masked_sum(hidden, mask)
}

pub fn pool_first(hidden: &Tensor, _mask: &Tensor) -> Tensor {
    hidden.select(1, 0)
}

pub fn pool_normalised(hidden: &Tensor, mask: &Tensor) -> Tensor {
    let mean = right_mean(hidden, mask);
    &mean / mean.norm_scalaropt_dim(2.0, [-1], true)
}

pub fn pool_double(hidden: &Tensor, mask: &Tensor) -> Tensor {
    right_mean(hidden, mask).to_kind(Kind::Double)
}

/// The k best rows under `scores`, best first (or worst first when `ascending`).
fn best(scores: &Tensor, k: i64, ascending: bool) -> Vec<(i64, f64)> {
    let (values, indices) = scores.topk(k, -1, !ascending, true);
    let values = Vec::<f64>::try_from(&values.to_kind(Kind::Double)).unwrap();
    let indices = Vec::<i64>::try_from(&indices).unwrap();
    indices.into_iter().zip(values).collect()
}

fn unit_rows(corpus: &Tensor) -> Tensor {
    corpus / corpus.norm_scalaropt_dim(2.0, [-1], true)
}

pub fn search_dot(query: &Tensor, corpus: &Tensor, k: i64) -> Vec<(i64, f64)> {
    best(&corpus.matmul(query), k, false)
}

pub fn search_query_only(query: &Tensor, corpus: &Tensor, k: i64) -> Vec<(i64, f64)> {
    best(&corpus.matmul(&(query / query.norm())), k, false)
}

pub fn search_rows_only(query: &Tensor, corpus: &Tensor, k: i64) -> Vec<(i64, f64)> {
    best(&unit_rows(corpus).matmul(query), k, false)
}

pub fn search_ascending(query: &Tensor, corpus: &Tensor, k: i64) -> Vec<(i64, f64)> {
    best(&unit_rows(corpus).matmul(&(query / query.norm())), k, true)
}

pub fn search_columns(query: &Tensor, corpus: &Tensor, k: i64) -> Vec<(i64, f64)> {
    let columns = corpus / corpus.norm_scalaropt_dim(2.0, [0], true);
    best(&columns.matmul(&(query / query.norm())), k, false)
}
