//! A small table for the light stages: named columns of numbers or text, read from
//! CSV without polars, so a math lesson on Titanic ages or a hand-written gradient
//! descent on Boston houses compiles in seconds.

use super::{DataDir, Result};
use ferrolab_data::DataError;
use ndarray::Array2;
use std::fmt;
use std::path::Path;

/// One column: numbers (missing values are `NaN`) or text (missing values are empty).
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Every present value parsed as a number.
    Numbers(Vec<f64>),
    /// At least one value was not a number.
    Text(Vec<String>),
}

impl Column {
    fn len(&self) -> usize {
        match self {
            Column::Numbers(v) => v.len(),
            Column::Text(v) => v.len(),
        }
    }

    fn cell(&self, row: usize) -> String {
        match self {
            Column::Numbers(v) if v[row].is_nan() => "NaN".into(),
            Column::Numbers(v) => format!("{}", v[row]),
            Column::Text(v) => v[row].clone(),
        }
    }
}

/// Named columns of equal length.
#[derive(Clone, PartialEq)]
pub struct Table {
    names: Vec<String>,
    columns: Vec<Column>,
}

/// Fields CSV writers use for a missing value.
fn is_missing(field: &str) -> bool {
    matches!(field, "" | "NA" | "NaN" | "nan" | "null")
}

impl Table {
    /// The main table of an installed set, e.g. `Table::load("titanic")`.
    ///
    /// Sizes, licences and provenance of every set: `./ferrolab data list`.
    pub fn load(set: &str) -> Result<Table> {
        DataDir::default().light_table(set, None)
    }

    /// Parse CSV text with a header row; the error says which row is wrong.
    pub fn parse_csv(text: &str) -> std::result::Result<Table, String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let names: Vec<String> = reader
            .headers()
            .map_err(|e| e.to_string())?
            .iter()
            .map(str::to_string)
            .collect();
        let mut raw: Vec<Vec<String>> = vec![Vec::new(); names.len()];
        for (row, record) in reader.records().enumerate() {
            let record = record.map_err(|e| format!("row {}: {e}", row + 1))?;
            if record.len() != names.len() {
                return Err(format!(
                    "row {} has {} fields, the header {}",
                    row + 1,
                    record.len(),
                    names.len()
                ));
            }
            for (column, field) in raw.iter_mut().zip(record.iter()) {
                column.push(field.to_string());
            }
        }
        let columns = raw
            .into_iter()
            .map(|values| {
                let numbers: Option<Vec<f64>> = values
                    .iter()
                    .map(|v| {
                        if is_missing(v) {
                            Some(f64::NAN)
                        } else {
                            v.trim().parse().ok()
                        }
                    })
                    .collect();
                match numbers {
                    Some(numbers) => Column::Numbers(numbers),
                    None => Column::Text(
                        values
                            .into_iter()
                            .map(|v| if is_missing(&v) { String::new() } else { v })
                            .collect(),
                    ),
                }
            })
            .collect();
        Ok(Table { names, columns })
    }

    /// Read any CSV file with a header row (your own data too).
    pub fn read_csv(path: impl AsRef<Path>) -> Result<Table> {
        read_csv_checked(path.as_ref(), None)
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }

    /// Number of columns.
    pub fn n_columns(&self) -> usize {
        self.columns.len()
    }

    /// The column names, in file order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// A column by name; the error lists the names there are.
    pub fn column(&self, name: &str) -> Result<&Column> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| &self.columns[i])
            .ok_or_else(|| DataError::unknown("column", name, &self.names))
    }

    /// A numeric column's values (`NaN` where missing).
    pub fn numbers(&self, name: &str) -> Result<&[f64]> {
        match self.column(name)? {
            Column::Numbers(v) => Ok(v),
            Column::Text(_) => Err(DataError::Column {
                column: name.into(),
                reason: "holds text, not numbers; use `text`".into(),
            }),
        }
    }

    /// A text column's values (empty where missing).
    pub fn text(&self, name: &str) -> Result<&[String]> {
        match self.column(name)? {
            Column::Text(v) => Ok(v),
            Column::Numbers(_) => Err(DataError::Column {
                column: name.into(),
                reason: "holds numbers, not text; use `numbers`".into(),
            }),
        }
    }

    /// Numeric columns side by side as an (rows, columns) matrix, e.g. features for regression.
    pub fn to_array(&self, names: &[&str]) -> Result<Array2<f64>> {
        let columns: Vec<&[f64]> = names
            .iter()
            .map(|n| self.numbers(n))
            .collect::<Result<_>>()?;
        Ok(Array2::from_shape_fn(
            (self.n_rows(), names.len()),
            |(r, c)| columns[c][r],
        ))
    }
}

/// Read a CSV; format errors blame the installed set (with its repair command) when there is one.
pub(crate) fn read_csv_checked(path: &Path, set: Option<&str>) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| DataError::io(path, e))?;
    let text =
        String::from_utf8(bytes).map_err(|_| DataError::format(set, path, "not UTF-8 text"))?;
    Table::parse_csv(&text)
        .map_err(|reason| DataError::format(set, path, format!("not a valid CSV table: {reason}")))
}

impl DataDir {
    /// A table of an installed set without polars; `file` defaults to the set's main file.
    pub fn light_table(&self, set: &str, file: Option<&str>) -> Result<Table> {
        let path = match file {
            Some(file) => self.file(set, file)?,
            None => self.main_file(set)?,
        };
        read_csv_checked(&path, Some(set))
    }
}

impl fmt::Debug for Table {
    /// A preview: the shape, the columns with their kinds, and the first rows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Table: {} rows x {} columns",
            self.n_rows(),
            self.n_columns()
        )?;
        let shown = self.n_rows().min(5);
        let widths: Vec<usize> = self
            .names
            .iter()
            .zip(&self.columns)
            .map(|(n, c)| {
                (0..shown)
                    .map(|r| c.cell(r).chars().count().min(24))
                    .max()
                    .unwrap_or(0)
                    .max(n.len())
            })
            .collect();
        for (name, width) in self.names.iter().zip(&widths) {
            write!(f, "{name:>width$}  ")?;
        }
        writeln!(f)?;
        for (column, width) in self.columns.iter().zip(&widths) {
            let kind = if matches!(column, Column::Numbers(_)) {
                "number"
            } else {
                "text"
            };
            write!(f, "{kind:>width$}  ")?;
        }
        writeln!(f)?;
        for row in 0..shown {
            for (column, width) in self.columns.iter().zip(&widths) {
                let cell: String = column.cell(row).chars().take(24).collect();
                write!(f, "{cell:>width$}  ")?;
            }
            writeln!(f)?;
        }
        if self.n_rows() > shown {
            writeln!(f, "… {} more rows", self.n_rows() - shown)?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn titanic_like() -> Table {
        let csv =
            "pclass,survived,age,fare\n1st,yes,29.0,211.3\n3rd,no,,7.25\n\"2nd, aft\",no,NA,13\n";
        Table::parse_csv(csv).unwrap()
    }

    #[test]
    fn columns_are_typed_and_missing_values_marked() {
        let t = titanic_like();
        assert_eq!((t.n_rows(), t.n_columns()), (3, 4));
        assert_eq!(t.text("pclass").unwrap(), ["1st", "3rd", "2nd, aft"]);
        let age = t.numbers("age").unwrap();
        assert_eq!(age[0], 29.0);
        assert!(age[1].is_nan() && age[2].is_nan());
        assert_eq!(t.to_array(&["age", "fare"]).unwrap()[[1, 1]], 7.25);
    }

    #[test]
    fn wrong_names_and_kinds_say_what_exists() {
        let t = titanic_like();
        let err = t.numbers("fares").unwrap_err().to_string();
        assert!(
            err.contains("fares") && err.contains("pclass, survived, age, fare"),
            "{err}"
        );
        assert!(t
            .numbers("pclass")
            .unwrap_err()
            .to_string()
            .contains("holds text"));
        assert!(t
            .text("fare")
            .unwrap_err()
            .to_string()
            .contains("holds numbers"));
    }

    #[test]
    fn ragged_csv_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.csv");
        std::fs::write(&path, "a,b\n1,2\n3\n").unwrap();
        let err = Table::read_csv(&path).unwrap_err().to_string();
        assert!(err.contains("mine.csv") && err.contains("row 2"), "{err}");
        let preview = format!("{:?}", titanic_like());
        assert!(
            preview.starts_with("Table: 3 rows x 4 columns") && preview.contains("211.3"),
            "{preview}"
        );
    }
}
