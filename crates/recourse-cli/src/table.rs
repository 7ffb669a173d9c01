//! Plain text tables: a header, a rule, rows; numbers right-aligned.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

pub(crate) struct Table {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
    header: bool,
}

impl Table {
    pub(crate) fn new(columns: &[(&str, Align)]) -> Table {
        Table { columns: columns.iter().map(|(h, a)| ((*h).to_string(), *a)).collect(), rows: Vec::new(), header: true }
    }

    /// A table without a header line: the columns only align.
    pub(crate) fn bare(aligns: &[Align]) -> Table {
        Table { columns: aligns.iter().map(|a| (String::new(), *a)).collect(), rows: Vec::new(), header: false }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table, each line indented by `indent` spaces, without trailing spaces.
    pub(crate) fn render(&self, indent: usize) -> String {
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.columns.iter().map(|(h, _)| width(h)).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let pad = " ".repeat(indent);
        let line = |cells: &[String]| -> String {
            let mut s = pad.clone();
            for (i, ((cell, (_, align)), w)) in cells.iter().zip(&self.columns).zip(&widths).enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                let fill = " ".repeat(w.saturating_sub(width(cell)));
                match align {
                    Align::Left => {
                        s.push_str(cell);
                        s.push_str(&fill);
                    }
                    Align::Right => {
                        s.push_str(&fill);
                        s.push_str(cell);
                    }
                }
            }
            let trimmed = s.trim_end().len();
            s.truncate(trimmed);
            s.push('\n');
            s
        };
        let mut out = String::new();
        if self.header {
            let header: Vec<String> = self.columns.iter().map(|(h, _)| h.clone()).collect();
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            out.push_str(&line(&header));
            out.push_str(&line(&rule));
        }
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }
}
