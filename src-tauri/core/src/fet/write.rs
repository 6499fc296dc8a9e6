//! The input file with the timetable in it, as FET writes its «data and timetable» file: one
//! locked `ConstraintActivityPreferredStartingTime` (100 %) per placed activity and one locked
//! `ConstraintActivityPreferredRoom` per activity in a room, added at the end of the time and
//! space constraint lists. The rest of the file is kept byte for byte.

use super::xml::escape;
use super::FetFile;
use crate::timetable_engine::Placed;

/// The text of `original` with the placement locked in.
pub fn with_timetable(original: &str, file: &FetFile, placement: &[Option<Placed>]) -> String {
    let periods = file.hours.len();
    let mut times = String::new();
    let mut rooms = String::new();
    for (a, placed) in placement.iter().enumerate() {
        let Some(placed) = placed else { continue };
        let id = escape(&file.activity_ids[a]);
        times.push_str(&format!(
            "<ConstraintActivityPreferredStartingTime>\n\t<Weight_Percentage>100</Weight_Percentage>\n\
             \t<Activity_Id>{id}</Activity_Id>\n\t<Preferred_Day>{}</Preferred_Day>\n\
             \t<Preferred_Hour>{}</Preferred_Hour>\n\t<Permanently_Locked>true</Permanently_Locked>\n\
             \t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintActivityPreferredStartingTime>\n",
            escape(&file.days[placed.start / periods]),
            escape(&file.hours[placed.start % periods]),
        ));
        if let Some(r) = placed.room {
            rooms.push_str(&format!(
                "<ConstraintActivityPreferredRoom>\n\t<Weight_Percentage>100</Weight_Percentage>\n\
                 \t<Activity_Id>{id}</Activity_Id>\n\t<Room>{}</Room>\n\
                 \t<Permanently_Locked>true</Permanently_Locked>\n\t<Active>true</Active>\n\
                 \t<Comments></Comments>\n</ConstraintActivityPreferredRoom>\n",
                escape(&file.rooms[r]),
            ));
        }
    }
    let text = append_to_list(original, "Time_Constraints_List", &times);
    append_to_list(&text, "Space_Constraints_List", &rooms)
}

/// Adds `items` at the end of the list element `list` (made when the file has none or an
/// empty `<list/>`).
fn append_to_list(text: &str, list: &str, items: &str) -> String {
    if items.is_empty() {
        return text.to_string();
    }
    let close = format!("</{list}>");
    if let Some(at) = text.rfind(&close) {
        return format!("{}{items}{}", &text[..at], &text[at..]);
    }
    let full = format!("<{list}>\n{items}{close}");
    let empty = format!("<{list}/>");
    if text.contains(&empty) {
        return text.replacen(&empty, &full, 1);
    }
    match text.rfind("</fet>") {
        Some(at) => format!("{}{full}\n{}", &text[..at], &text[at..]),
        None => text.to_string(),
    }
}
