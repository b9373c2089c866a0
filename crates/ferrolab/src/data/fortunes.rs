//! Chinese text from Debian's `fortunes-zh`: Tang and Song poems, and a larger mixed
//! collection, for Chinese character-level models.

use super::{DataDir, Result};
use ferrolab_data::DataError;

/// The three fortune files of the `fortunes-zh` set, as [`fortunes_zh`] names them.
pub const FORTUNES_ZH_FILES: [&str; 3] = ["tang300", "song100", "chinese"];

/// One poem of [`chinese_poems`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poem {
    /// `tang300` (Tang dynasty, 618–907) or `song100` (Song dynasty, 960–1279).
    pub collection: String,
    /// The title as written, book-title marks included: `《静夜思》`, `《春居杂兴》二首`.
    pub title: String,
    /// The poet's name, without the life dates the Song file adds: `李白`.
    pub author: String,
    /// The poem, one verse line (or a section heading) a line, blank lines kept inside.
    pub text: String,
}

/// Fortune items: the text between lines that hold only `%`, without the line breaks
/// around them; empty items are skipped.
fn items(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("%")) {
        if line == "%" {
            let item = current.join("\n");
            let item = item.trim_matches('\n');
            if !item.trim().is_empty() {
                out.push(item.to_string());
            }
            current.clear();
        } else {
            current.push(line);
        }
    }
    out
}

/// A poem item: a title line (`《...》`, in the Song file after `题目:`), an author line
/// (`作者：` or `作者:`, the Song file adding life dates in full-width brackets), the poem.
fn parse_poem(collection: &str, item: &str) -> std::result::Result<Poem, String> {
    let mut lines = item.lines();
    let title = lines.next().unwrap_or_default();
    let title = title.strip_prefix("题目:").unwrap_or(title).trim();
    let author_line = lines.next().unwrap_or_default();
    let author = ["作者：", "作者:"]
        .iter()
        .find_map(|prefix| author_line.strip_prefix(prefix));
    let (true, Some(author)) = (title.contains('《'), author) else {
        return Err(format!(
            "expected a title line and an author line, found {:?}",
            item.chars().take(40).collect::<String>()
        ));
    };
    let author = author.split('（').next().unwrap_or(author).trim();
    let text = lines.collect::<Vec<_>>().join("\n");
    Ok(Poem {
        collection: collection.to_string(),
        title: title.to_string(),
        author: author.to_string(),
        text: text.trim_matches('\n').to_string(),
    })
}

impl DataDir {
    /// See [`fortunes_zh`].
    pub fn fortunes_zh(&self, file: &str) -> Result<Vec<String>> {
        let name = file.trim().trim_end_matches(".txt");
        if !FORTUNES_ZH_FILES.contains(&name) {
            return Err(DataError::unknown(
                "fortunes-zh file",
                file,
                FORTUNES_ZH_FILES,
            ));
        }
        Ok(items(
            &self.read_text("fortunes-zh", &format!("{name}.txt"))?,
        ))
    }

    /// See [`chinese_poems`].
    pub fn chinese_poems(&self) -> Result<Vec<Poem>> {
        let mut poems = Vec::new();
        for collection in ["tang300", "song100"] {
            for item in self.fortunes_zh(collection)? {
                let poem = parse_poem(collection, &item).map_err(|reason| {
                    DataError::format(
                        Some("fortunes-zh"),
                        self.root()
                            .join("fortunes-zh")
                            .join(format!("{collection}.txt")),
                        reason,
                    )
                })?;
                poems.push(poem);
            }
        }
        Ok(poems)
    }
}

/// Classical Chinese poems in simplified characters: the 313 poems of *Three Hundred Tang
/// Poems* (唐诗三百首) then 95 Song dynasty poems, 408 in all, each with its title, poet
/// and text, clean UTF-8.
///
/// - Size: 31,044 characters of poem text (titles and poets excluded), 2,730 distinct
///   (line breaks and punctuation included).
/// - Licence: GPL-3.0+ (Debian `fortunes-zh`; the poems themselves are centuries old).
/// - Provenance: Debian `fortunes-zh` 2.98, the fortune files `tang300` and `song100` with
///   their terminal colour codes removed at install time; [`fortunes_zh`] gives the items
///   as the files hold them.
pub fn chinese_poems() -> Result<Vec<Poem>> {
    DataDir::default().chinese_poems()
}

/// The items of one fortune file of `fortunes-zh` ([`FORTUNES_ZH_FILES`]), as text:
///
/// - `tang300`: 313 Tang poems (title line, `作者：` line, poem).
/// - `song100`: 95 Song poems (`题目:` line, `作者:` line with life dates, poem).
/// - `chinese`: 5,263 mixed items, 951,562 characters: sayings (《增广贤文》, 《菜根谭》),
///   classical verse and prose (some in traditional characters), proverbs, and sections of
///   Debian's Chinese documentation. The whole file, with its `%` lines, is
///   `DataDir::default().read_text("fortunes-zh", "chinese.txt")`: 967,353 characters,
///   5,964 distinct, the corpus for a Chinese character model.
///
/// Licence and provenance: see [`chinese_poems`]. An unknown file name is an error that
/// lists the three.
pub fn fortunes_zh(file: &str) -> Result<Vec<String>> {
    DataDir::default().fortunes_zh(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_split_on_percent_lines() {
        let text = "《送别》\n作者：王维\n下马饮君酒，问君何所之。\n%\n\n%\n题目:《柳》\n作者:寇准（９６１－１０２３）\n\n晓带轻烟间杏花。\n\n";
        let found = items(text);
        assert_eq!(found.len(), 2);
        let tang = parse_poem("tang300", &found[0]).expect("a poem");
        assert_eq!(
            (
                tang.title.as_str(),
                tang.author.as_str(),
                tang.text.as_str()
            ),
            ("《送别》", "王维", "下马饮君酒，问君何所之。")
        );
        let song = parse_poem("song100", &found[1]).expect("a poem");
        assert_eq!(
            (
                song.title.as_str(),
                song.author.as_str(),
                song.text.as_str()
            ),
            ("《柳》", "寇准", "晓带轻烟间杏花。")
        );
        assert!(parse_poem("tang300", "没有标题\n下马饮君酒").is_err());
    }

    #[test]
    fn an_unknown_file_lists_the_three() {
        let err = DataDir::at("/nonexistent")
            .fortunes_zh("tang")
            .expect_err("no such file")
            .to_string();
        assert!(err.contains("tang300, song100, chinese"), "{err}");
    }
}
