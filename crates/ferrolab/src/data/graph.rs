//! The US airline network: airports and the routes flown between them, a real graph for
//! stage 0's searches (breadth-first, Dijkstra) without polars.

use super::{DataDir, Result};
use ferrolab_data::DataError;
use std::path::Path;

/// One airport of [`us_flights`].
#[derive(Debug, Clone, PartialEq)]
pub struct Airport {
    /// The three-character IATA/FAA code, e.g. `SEA`.
    pub iata: String,
    /// e.g. "Seattle-Tacoma Intl".
    pub name: String,
    /// e.g. "Seattle".
    pub city: String,
    /// Two-letter state or territory code, e.g. "WA".
    pub state: String,
    /// Degrees north.
    pub latitude: f64,
    /// Degrees east (negative in the Americas).
    pub longitude: f64,
}

/// One directed route of [`us_flights`]: `count` flights from `origin` to `destination`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// IATA code of the departure airport.
    pub origin: String,
    /// IATA code of the arrival airport.
    pub destination: String,
    /// Flights flown on this route in 2008.
    pub count: u32,
}

/// What [`us_flights`] returns: every airport, and the routes between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Flights {
    /// All 3,376 airports, in the file's order (sorted by code).
    pub airports: Vec<Airport>,
    /// All 5,366 routes, sorted by origin then destination.
    pub routes: Vec<Route>,
}

impl DataDir {
    /// See [`us_flights`].
    pub fn us_flights(&self) -> Result<Flights> {
        let airports_path = self.file("us-flights", "airports.csv")?;
        let routes_path = self.file("us-flights", "routes.csv")?;
        let airports = parse_airports(&airports_path)?;
        let routes = parse_routes(&routes_path)?;
        for route in &routes {
            for code in [&route.origin, &route.destination] {
                if airports.binary_search_by(|a| a.iata.cmp(code)).is_err() {
                    return Err(DataError::format(
                        Some("us-flights"),
                        &routes_path,
                        format!("route airport `{code}` is not in airports.csv"),
                    ));
                }
            }
        }
        Ok(Flights { airports, routes })
    }
}

/// Rows of a CSV file with a header, each as its fields; the error names the file and row.
fn rows(path: &Path, columns: usize) -> Result<Vec<Vec<String>>> {
    let bad = |reason: String| DataError::format(Some("us-flights"), path, reason);
    let mut reader = csv::Reader::from_path(path).map_err(|e| bad(e.to_string()))?;
    let mut out = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        if record.len() != columns {
            return Err(bad(format!(
                "row {} has {} fields, expected {columns}",
                row + 2,
                record.len()
            )));
        }
        out.push(record.iter().map(str::to_string).collect());
    }
    Ok(out)
}

fn parse_airports(path: &Path) -> Result<Vec<Airport>> {
    let bad = |reason: String| DataError::format(Some("us-flights"), path, reason);
    let mut airports = Vec::new();
    for (row, fields) in rows(path, 7)?.into_iter().enumerate() {
        let number = |text: &str| {
            text.parse::<f64>()
                .map_err(|_| bad(format!("row {}: `{text}` is not a number", row + 2)))
        };
        let (latitude, longitude) = (number(&fields[5])?, number(&fields[6])?);
        let [iata, name, city, state, ..] = <[String; 7]>::try_from(fields).expect("7 fields");
        airports.push(Airport {
            iata,
            name,
            city,
            state,
            latitude,
            longitude,
        });
    }
    if !airports.windows(2).all(|w| w[0].iata < w[1].iata) {
        return Err(bad("airports are not sorted by code".into()));
    }
    Ok(airports)
}

fn parse_routes(path: &Path) -> Result<Vec<Route>> {
    let bad = |reason: String| DataError::format(Some("us-flights"), path, reason);
    rows(path, 3)?
        .into_iter()
        .enumerate()
        .map(|(row, fields)| {
            let count = fields[2]
                .parse::<u32>()
                .map_err(|_| bad(format!("row {}: `{}` is not a count", row + 2, fields[2])))?;
            let [origin, destination, _] = <[String; 3]>::try_from(fields).expect("3 fields");
            Ok(Route {
                origin,
                destination,
                count,
            })
        })
        .collect()
}

/// The US airline network of 2008: 3,376 airports and the 5,366 routes flown between 305
/// of them, with the number of flights on each (7,009,728 in all).
///
/// - Size: 276 kB (`airports.csv`: iata, name, city, state, country, latitude, longitude;
///   `routes.csv`: origin, destination, count).
/// - Licence: U.S. Government works (Data.gov airports; Bureau of Transportation
///   Statistics flights); packaging BSD-3-Clause (vega-datasets).
/// - Provenance: npm `vega-datasets` 3.2.1, `data/airports.csv` and `data/flights-airport.csv`.
pub fn us_flights() -> Result<Flights> {
    DataDir::default().us_flights()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn airports_and_routes_parse_and_bad_rows_are_named() {
        let dir = std::env::temp_dir().join(format!("ferrolab-graph-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let airports = write(
            &dir,
            "airports.csv",
            "iata,name,city,state,country,latitude,longitude\n\
             BOS,Gen Edw L Logan Intl,Boston,MA,USA,42.3643475,-71.00517917\n\
             ORD,\"Chicago O'Hare, International\",Chicago,IL,USA,41.979595,-87.90446417\n",
        );
        let parsed = parse_airports(&airports).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1].name, "Chicago O'Hare, International");
        assert!((parsed[0].longitude + 71.00517917).abs() < 1e-12);

        let routes = write(
            &dir,
            "routes.csv",
            "origin,destination,count\nBOS,ORD,4821\n",
        );
        let parsed = parse_routes(&routes).unwrap();
        assert_eq!(
            parsed,
            [Route {
                origin: "BOS".into(),
                destination: "ORD".into(),
                count: 4821
            }]
        );

        let bad = write(&dir, "bad.csv", "origin,destination,count\nBOS,ORD,many\n");
        let message = parse_routes(&bad).unwrap_err().to_string();
        assert!(
            message.contains("row 2") && message.contains("many"),
            "{message}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_set_says_what_to_run() {
        let dir = std::env::temp_dir().join(format!("ferrolab-graph-empty-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let message = DataDir::at(&dir).us_flights().unwrap_err().to_string();
        assert!(
            message.contains("./ferrolab data fetch us-flights"),
            "{message}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
