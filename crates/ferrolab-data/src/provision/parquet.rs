//! Just enough Parquet to read one column of strings: the GloVe word list ships as
//! a Parquet file, and neither pyarrow nor polars belongs in the light CLI.
//!
//! Supported (what pyarrow writes for a plain string column): Thrift compact
//! metadata, data pages v1, PLAIN and RLE_DICTIONARY encodings, uncompressed or
//! Snappy pages, required or optional columns without nulls. Anything else is a
//! clear error: the input is a pinned, checksummed file, so "supported" means
//! "supports that file" and its output is checked against the committed sha256.

use std::collections::BTreeMap;

/// A Thrift compact-protocol value, kept generic: we read fields by number.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Bool(bool),
    Int(i64),
    Binary(Vec<u8>),
    List(Vec<Value>),
    Struct(BTreeMap<i16, Value>),
    Other,
}

impl Value {
    fn int(&self) -> Option<i64> {
        match self {
            Value::Int(v) => Some(*v),
            _ => None,
        }
    }
    fn fields(&self) -> Option<&BTreeMap<i16, Value>> {
        match self {
            Value::Struct(f) => Some(f),
            _ => None,
        }
    }
    fn list(&self) -> Option<&[Value]> {
        match self {
            Value::List(v) => Some(v),
            _ => None,
        }
    }
}

/// Field `id` of a struct as an integer.
fn int_field(fields: &BTreeMap<i16, Value>, id: i16, what: &str) -> Result<i64, String> {
    fields
        .get(&id)
        .and_then(Value::int)
        .ok_or_else(|| format!("missing {what}"))
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or("unexpected end of Thrift data")?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or("unexpected end of data")?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn uleb(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
        }
        Err("varint too long".into())
    }

    fn zigzag(&mut self) -> Result<i64, String> {
        let v = self.uleb()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn value(&mut self, kind: u8) -> Result<Value, String> {
        Ok(match kind {
            1 => Value::Bool(true),
            2 => Value::Bool(false),
            3 => Value::Int(i64::from(self.byte()? as i8)),
            4..=6 => Value::Int(self.zigzag()?),
            7 => {
                self.take(8)?;
                Value::Other
            }
            8 => {
                let n = self.uleb()? as usize;
                Value::Binary(self.take(n)?.to_vec())
            }
            9 | 10 => {
                let header = self.byte()?;
                let mut n = usize::from(header >> 4);
                if n == 15 {
                    n = self.uleb()? as usize;
                }
                let element = header & 0x0f;
                let mut items = Vec::with_capacity(n.min(1 << 16));
                for _ in 0..n {
                    // Booleans inside lists are one byte each.
                    items.push(if element == 1 || element == 2 {
                        Value::Bool(self.byte()? == 1)
                    } else {
                        self.value(element)?
                    });
                }
                Value::List(items)
            }
            12 => Value::Struct(self.structure()?),
            other => return Err(format!("unsupported Thrift type {other}")),
        })
    }

    fn structure(&mut self) -> Result<BTreeMap<i16, Value>, String> {
        let mut fields = BTreeMap::new();
        let mut last = 0i16;
        loop {
            let header = self.byte()?;
            if header == 0 {
                return Ok(fields);
            }
            let delta = header >> 4;
            let id = if delta == 0 {
                self.zigzag()? as i16
            } else {
                last + i16::from(delta)
            };
            last = id;
            let value = self.value(header & 0x0f)?;
            fields.insert(id, value);
        }
    }
}

/// Decode `count` values of Parquet's RLE / bit-packed hybrid encoding.
pub(super) fn rle_hybrid(bytes: &[u8], bit_width: u32, count: usize) -> Result<Vec<u32>, String> {
    if bit_width > 32 {
        return Err(format!("bit width {bit_width}"));
    }
    let mut reader = Reader { bytes, pos: 0 };
    let mut out = Vec::with_capacity(count);
    let value_bytes = bit_width.div_ceil(8) as usize;
    while out.len() < count {
        let header = reader.uleb()?;
        if header & 1 == 0 {
            let run = (header >> 1) as usize;
            let mut value = 0u32;
            for (i, b) in reader.take(value_bytes)?.iter().enumerate() {
                value |= u32::from(*b) << (8 * i);
            }
            out.extend(std::iter::repeat_n(value, run.min(count - out.len())));
        } else {
            let groups = (header >> 1) as usize;
            let packed = reader.take(groups * bit_width as usize)?;
            let mask = if bit_width == 32 {
                u32::MAX
            } else {
                (1u32 << bit_width) - 1
            };
            for k in 0..groups * 8 {
                if out.len() == count {
                    break;
                }
                let mut value = 0u64;
                let first_bit = k * bit_width as usize;
                for bit in 0..bit_width as usize {
                    let at = first_bit + bit;
                    value |= u64::from((packed[at / 8] >> (at % 8)) & 1) << bit;
                }
                out.push(value as u32 & mask);
            }
        }
    }
    Ok(out)
}

/// PLAIN byte arrays: a little-endian u32 length before each value.
fn plain_strings(bytes: &[u8], count: usize, out: &mut Vec<String>) -> Result<(), String> {
    let mut reader = Reader { bytes, pos: 0 };
    for _ in 0..count {
        let len = reader.take(4)?;
        let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let value = reader.take(len)?;
        out.push(String::from_utf8(value.to_vec()).map_err(|_| "a value is not UTF-8")?);
    }
    Ok(())
}

fn decompress(codec: i64, page: &[u8]) -> Result<Vec<u8>, String> {
    match codec {
        0 => Ok(page.to_vec()),
        1 => snap::raw::Decoder::new()
            .decompress_vec(page)
            .map_err(|e| format!("snappy: {e}")),
        other => Err(format!(
            "compression codec {other} is not supported (only none and Snappy)"
        )),
    }
}

/// Every value of the file's only column, which must hold strings, in row order.
pub(super) fn read_string_column(file: &[u8]) -> Result<Vec<String>, String> {
    if file.len() < 12 || &file[..4] != b"PAR1" || &file[file.len() - 4..] != b"PAR1" {
        return Err("not a Parquet file (no PAR1 magic)".into());
    }
    let footer_len = u32::from_le_bytes([
        file[file.len() - 8],
        file[file.len() - 7],
        file[file.len() - 6],
        file[file.len() - 5],
    ]) as usize;
    let footer_start = file
        .len()
        .checked_sub(8 + footer_len)
        .ok_or("footer length past the start of the file")?;
    let meta = Reader {
        bytes: &file[footer_start..file.len() - 8],
        pos: 0,
    }
    .structure()?;

    let schema = meta.get(&2).and_then(Value::list).ok_or("no schema")?;
    let leaves: Vec<&BTreeMap<i16, Value>> = schema
        .iter()
        .filter_map(Value::fields)
        .filter(|f| f.contains_key(&1))
        .collect();
    let [leaf] = leaves[..] else {
        return Err(format!("expected one column, found {}", leaves.len()));
    };
    if int_field(leaf, 1, "column type")? != 6 {
        return Err("the column is not BYTE_ARRAY".into());
    }
    let max_definition = match leaf.get(&3).and_then(Value::int) {
        Some(1) => 1, // OPTIONAL
        Some(0) | None => 0,
        Some(other) => return Err(format!("repetition type {other} is not supported")),
    };

    let mut values = Vec::new();
    for group in meta.get(&4).and_then(Value::list).ok_or("no row groups")? {
        let columns = group
            .fields()
            .and_then(|g| g.get(&1))
            .and_then(Value::list)
            .ok_or("row group without columns")?;
        let chunk = columns
            .first()
            .and_then(Value::fields)
            .ok_or("empty row group")?;
        let column = chunk
            .get(&3)
            .and_then(Value::fields)
            .ok_or("column chunk without metadata")?;
        let codec = int_field(column, 4, "codec")?;
        let total = int_field(column, 5, "number of values")? as usize;
        let start = column.get(&11).and_then(Value::int).unwrap_or(int_field(
            column,
            9,
            "data page offset",
        )?) as usize;
        read_chunk(file, start, total, codec, max_definition, &mut values)?;
    }
    Ok(values)
}

fn read_chunk(
    file: &[u8],
    start: usize,
    total: usize,
    codec: i64,
    max_definition: u32,
    values: &mut Vec<String>,
) -> Result<(), String> {
    let mut reader = Reader {
        bytes: file,
        pos: start,
    };
    let mut dictionary: Vec<String> = Vec::new();
    let mut read = 0usize;
    while read < total {
        let header = reader.structure()?;
        let compressed = int_field(&header, 3, "compressed page size")? as usize;
        let page = decompress(codec, reader.take(compressed)?)?;
        match int_field(&header, 1, "page type")? {
            2 => {
                let dict = header
                    .get(&7)
                    .and_then(Value::fields)
                    .ok_or("dictionary page without header")?;
                dictionary.clear();
                plain_strings(
                    &page,
                    int_field(dict, 1, "dictionary size")? as usize,
                    &mut dictionary,
                )?;
            }
            0 => {
                let data = header
                    .get(&5)
                    .and_then(Value::fields)
                    .ok_or("data page without header")?;
                let count = int_field(data, 1, "page value count")? as usize;
                let mut body = &page[..];
                if max_definition > 0 {
                    let len = body.get(..4).ok_or("page too short")?;
                    let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
                    let levels =
                        rle_hybrid(body.get(4..4 + len).ok_or("page too short")?, 1, count)?;
                    if levels.contains(&0) {
                        return Err("the column has nulls".into());
                    }
                    body = &body[4 + len..];
                }
                match int_field(data, 2, "encoding")? {
                    0 => plain_strings(body, count, values)?,
                    2 | 8 => {
                        let (&width, indices) =
                            body.split_first().ok_or("empty dictionary-encoded page")?;
                        for index in rle_hybrid(indices, u32::from(width), count)? {
                            let word = dictionary
                                .get(index as usize)
                                .ok_or("dictionary index out of range")?;
                            values.push(word.clone());
                        }
                    }
                    other => return Err(format!("encoding {other} is not supported")),
                }
                read += count;
            }
            other => {
                return Err(format!(
                    "page type {other} is not supported (only v1 data pages)"
                ))
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rle_runs_and_bit_packed_groups() {
        // Run of 3 sevens (header 3<<1), width 3 -> one value byte.
        assert_eq!(rle_hybrid(&[6, 7], 3, 3).unwrap(), vec![7, 7, 7]);
        // One bit-packed group of 8 values 0..7 at width 3: header (1<<1)|1.
        let packed = [0b1000_1000, 0b1100_0110, 0b1111_1010];
        assert_eq!(
            rle_hybrid(&[3, packed[0], packed[1], packed[2]], 3, 8).unwrap(),
            (0..8).collect::<Vec<u32>>()
        );
        // Fewer values wanted than the group holds.
        assert_eq!(
            rle_hybrid(&[3, packed[0], packed[1], packed[2]], 3, 5).unwrap(),
            vec![0, 1, 2, 3, 4]
        );
        assert!(rle_hybrid(&[3, 1], 3, 8).is_err(), "truncated group");
    }

    #[test]
    fn thrift_compact_structs_lists_and_negative_ints() {
        // struct { 1: i32 = -2, 2: list<binary> = ["ab"], 4: struct { 1: i64 = 300 } }
        let bytes = [
            0x15, 0x03, 0x19, 0x18, 0x02, b'a', b'b', 0x2c, 0x16, 0xd8, 0x04, 0x00, 0x00,
        ];
        let fields = Reader {
            bytes: &bytes,
            pos: 0,
        }
        .structure()
        .unwrap();
        assert_eq!(fields[&1], Value::Int(-2));
        assert_eq!(fields[&2], Value::List(vec![Value::Binary(b"ab".to_vec())]));
        assert_eq!(fields[&4].fields().unwrap()[&1], Value::Int(300));
    }

    #[test]
    fn plain_strings_and_rejects_non_parquet() {
        let mut out = Vec::new();
        plain_strings(
            &[3, 0, 0, 0, b't', b'h', b'e', 1, 0, 0, 0, b'a'],
            2,
            &mut out,
        )
        .unwrap();
        assert_eq!(out, ["the", "a"]);
        assert!(read_string_column(b"not parquet at all")
            .unwrap_err()
            .contains("PAR1"));
    }
}
