//! The codes and Russian texts of the reasons: what is wrong and what to do.

use super::super::model::{Slot, Who};
use super::{Block, Blocked, Names, Reason, Shared};

/// Places, rooms or lessons named in a text before the rest are counted.
const NAMED: usize = 3;

pub fn code(reason: &Reason) -> &'static str {
    match reason {
        Reason::TeacherOverloaded { .. } => "teacher_overloaded",
        Reason::SubgroupOverloaded { .. } => "class_overloaded",
        Reason::RoomsShort { .. } => "rooms_short",
        Reason::LockedClash { .. } => "locked_clash",
        Reason::DaysApartShort { .. } => "days_apart_short",
        Reason::NoPlace { .. } => "lesson_no_place",
        Reason::Unplaced { .. } => "lesson_unplaced",
        Reason::MoreUnplaced { .. } => "more_unplaced",
        Reason::HardBroken { .. } => "hard_broken",
    }
}

pub fn text(reason: &Reason, names: &dyn Names) -> String {
    match reason {
        &Reason::TeacherOverloaded {
            teacher,
            needed,
            available,
        } => format!(
            "У учителя {} {needed} ур. в неделю, а мест, где он может вести уроки, {available}: \
             снимите часть нагрузки или освободите время (недоступные часы, методический день, \
             число рабочих дней).",
            names.teacher(teacher)
        ),
        &Reason::SubgroupOverloaded {
            subgroup,
            needed,
            available,
        } => format!(
            "У {} {needed} ур. в неделю, а по числу учебных дней и уроков в день \
             (СанПиН) помещается {available}: уменьшите часы учебного плана или \
             проверьте недельный режим и звонки класса.",
            names.subgroup(subgroup)
        ),
        Reason::RoomsShort {
            rooms,
            lessons,
            needed,
            available,
        } => format!(
            "{lessons} ур. ({needed} ур. в неделю) можно вести только в кабинетах {}, а свободных \
             мест в них в часы этих уроков {available}: разрешите этим урокам другие кабинеты \
             или откройте кабинеты в закрытые часы.",
            named(rooms.iter().map(|&r| names.room(r)))
        ),
        &Reason::LockedClash {
            first,
            second,
            slot,
            shared,
        } => format!(
            "Уроки «{}» и «{}» закреплены так, что оба идут в {}, а {}: открепите один из них \
             или перенесите его.",
            names.activity(first),
            names.activity(second),
            names.slot(slot),
            match shared {
                Shared::Person(w) => format!("ведёт или посещает их один {}", person(w, names)),
                Shared::Room(r) => format!("у обоих единственный кабинет {}", names.room(r)),
            }
        ),
        &Reason::DaysApartShort {
            constraint,
            lessons,
            days_apart,
            days,
        } => format!(
            "{}: {lessons} ур. должны идти не ближе чем через {days_apart} дн. друг от друга, \
             а в неделе {days} дн.: уменьшите число дней между уроками или сделайте \
             ограничение желательным.",
            names.constraint(constraint)
        ),
        Reason::NoPlace { activity, blocks } => format!(
            "Урок «{}» некуда поставить: обязательные ограничения не оставляют ему ни одного \
             места в неделе ({}). Ослабьте одно из них.",
            names.activity(*activity),
            blocked(blocks, names)
        ),
        Reason::Unplaced { activity, blocks } => format!(
            "Урок «{}» не поставлен. Его места: {}. Освободите одно из них: перенесите мешающий \
             урок или ослабьте ограничение.",
            names.activity(*activity),
            blocked(blocks, names)
        ),
        Reason::MoreUnplaced { count } => {
            format!("Не поставлено ещё {count} ур.: сначала устраните причины выше.")
        }
        &Reason::HardBroken {
            constraint,
            who,
            times,
        } => format!(
            "Обязательное ограничение «{}»{} нарушено ({times} раз): ослабьте его или \
             измените нагрузку.",
            names.constraint(constraint),
            who.map(|w| format!(" ({})", person(w, names)))
                .unwrap_or_default()
        ),
    }
}

fn person(who: Who, names: &dyn Names) -> String {
    match who {
        Who::Teacher(t) => format!("учитель {}", names.teacher(t)),
        Who::Subgroup(s) => format!("класс (группа) {}", names.subgroup(s)),
    }
}

/// A few names, then how many more.
fn named(list: impl ExactSizeIterator<Item = String>) -> String {
    let total = list.len();
    let mut text: Vec<String> = list.take(NAMED).collect();
    if total > NAMED {
        text.push(format!("и ещё {}", total - NAMED));
    }
    text.join(", ")
}

fn blocked(blocks: &[Blocked], names: &dyn Names) -> String {
    blocks
        .iter()
        .map(|b| {
            format!(
                "{} — {}",
                block(b, names),
                named(b.slots.iter().map(|&s: &Slot| names.slot(s)))
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn block(b: &Blocked, names: &dyn Names) -> String {
    match b.block {
        Block::Busy(w) => format!(
            "занят {} (уроки {})",
            person(w, names),
            named(
                b.lessons
                    .iter()
                    .map(|&l| format!("«{}»", names.activity(l)))
            )
        ),
        Block::NoRoom => "нет свободного разрешённого кабинета".to_string(),
        Block::DayEnd => "урок не помещается до конца дня".to_string(),
        Block::Constraint(c) => format!("запрещает «{}»", names.constraint(c)),
        Block::Free => "свободно, но поиск не успел (дайте больше времени)".to_string(),
    }
}
