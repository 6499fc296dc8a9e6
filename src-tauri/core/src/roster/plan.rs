//! The plan of an import: each row of the file matched to the student it is (by full name and
//! birth date, else by personal file number) or to a new card, its class found or to be
//! created, its file number kept or given, and what is wrong with it — before anything is written.

use super::*;

/// Who a row is by name: the name key of its full name and its birth date.
pub(super) type Person = (String, NaiveDate);

pub(super) fn person_of(rec: &Record) -> Option<Person> {
    let text = |key: &str| rec.text(key).unwrap_or_default();
    let name = people::name_key(text("last_name"), text("first_name"), text("patronymic"));
    Some((name, rec.date("birth_date")?))
}

/// Whom two rows of a file must not both be about: a known student, or a new one by name and
/// birth date (two children with one full name and one birth date are one child).
#[derive(PartialEq, Eq, Hash)]
pub(super) enum Who {
    Known(i64),
    New(Person),
}

/// The students as the import matches rows to them, read once per import instead of one query
/// per row: by personal file number key, by name key and birth date, and each one's number key.
pub(super) struct Known {
    by_file_number: HashMap<String, i64>,
    file_number_of: HashMap<i64, String>,
    by_person: HashMap<Person, Vec<i64>>,
}

impl Known {
    fn load(db: &Db) -> Result<Known> {
        let mut known = Known {
            by_file_number: HashMap::new(),
            file_number_of: HashMap::new(),
            by_person: HashMap::new(),
        };
        let mut stmt = db
            .conn()
            .prepare("SELECT id, file_number_key, name_key, birth_date FROM student ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let file_key: String = r.get(1)?;
            if !file_key.is_empty() {
                known.by_file_number.insert(file_key.clone(), id);
                known.file_number_of.insert(id, file_key);
            }
            known
                .by_person
                .entry((r.get(2)?, r.get(3)?))
                .or_default()
                .push(id);
        }
        Ok(known)
    }

    /// As [`students::find_by_file_number`].
    fn by_file_number(&self, file_number: &str) -> Option<i64> {
        self.by_file_key(&people::code_key(file_number))
    }

    /// [`Known::by_file_number`] of a number's key (`people::code_key`).
    fn by_file_key(&self, key: &str) -> Option<i64> {
        if key.is_empty() {
            return None;
        }
        self.by_file_number.get(key).copied()
    }

    /// The only student with this person key (as [`students::find_by_person`] finding one).
    fn by_person(&self, person: &Person) -> Option<i64> {
        match self.by_person.get(person).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            _ => None,
        }
    }

    /// Whether the row gives the student another file number (its key) than the one stored.
    fn renumbers(&self, id: i64, file_key: &str) -> bool {
        self.file_number_of
            .get(&id)
            .is_some_and(|old| old != file_key)
    }
}

/// The card check's lookups answered from what the plan has read once. A file number is taken
/// when a student keeps it after the import: not one the file renumbers.
pub(super) struct PlanLookups<'a> {
    db: &'a Db,
    known: &'a Known,
    renumbered: &'a HashSet<i64>,
    /// Every class of an import is of the current year: its 1 September.
    september: NaiveDate,
    /// The day class sizes are counted on: today, moved into the year.
    sizes_on: NaiveDate,
}

impl students::Lookups for PlanLookups<'_> {
    fn file_number_owner(&self, key: &str, own: Option<i64>) -> Result<Option<(String, String)>> {
        match self.known.by_file_number.get(key) {
            Some(&id) if Some(id) != own && !self.renumbered.contains(&id) => {
                let owner = students::get(self.db, id)?;
                Ok(Some((owner.file_number.clone(), owner.full_name())))
            }
            _ => Ok(None),
        }
    }

    fn snils_owner(&self, snils: &str, own: Option<i64>) -> Result<Option<String>> {
        self.db.conn().snils_owner(snils, own)
    }

    fn first_of_september(&self, _class_id: Option<i64>, _today: NaiveDate) -> Result<NaiveDate> {
        Ok(self.september)
    }
}

/// A row read and checked on its own, with the class it goes to and the student it is about.
/// The card check waits until every row is matched: a file may renumber students.
pub(super) struct Read<'t> {
    rec: Record<'t>,
    target: Option<Target>,
    person: Option<Person>,
    id: Option<i64>,
    /// The key of the row's file number (`people::code_key`), computed once.
    file_key: String,
}

/// What the file would do. Each row to write is also handed to `stream` as soon as it is
/// planned, unless the file renumbers students (see [`Plan::streamed`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn plan(
    db: &Db,
    book: &Workbook,
    options: &Options,
    year: Option<&year::AcademicYear>,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
    stream: &mut dyn FnMut(&Planned),
    cancel: &Cancel,
) -> Result<Plan> {
    // One read transaction: the lookups of every row take the file's lock once, not each.
    db.read(|_| plan_rows(db, book, options, year, today, progress, stream, cancel))
}

/// The plan of the rows going to `year` (the current year; the rollover's next year); without
/// a year, a preview refusing the file.
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_rows(
    db: &Db,
    book: &Workbook,
    options: &Options,
    year: Option<&year::AcademicYear>,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
    stream: &mut dyn FnMut(&Planned),
    cancel: &Cancel,
) -> Result<Plan> {
    let failed = |errors| {
        Ok(Plan {
            preview: Preview::failed(errors).into(),
            rows: Vec::new(),
            year_id: 0,
            streamed: true,
        })
    };
    let Some(year) = year else {
        return failed(vec![CellError::new(0, "", &Problem::NoCurrentYear)]);
    };
    let academic_year_id = year.id.unwrap_or_default();
    let september = year
        .starts_on
        .or(year::default_for(today).starts_on)
        .unwrap_or(today);
    let sizes_on = classes::day_in_year(db.conn(), academic_year_id, today)?;
    let format = format();
    let table = match format.locate(book) {
        Ok(table) => table,
        Err(errors) => return failed(errors),
    };
    let mut classes = Classes::new(db, academic_year_id, options.create_classes);
    let default_class = match options.class.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => match classes.resolve(text)? {
            Ok(target) => Some(target),
            Err(problem) => return failed(vec![CellError::new(0, "", &problem)]),
        },
        _ => None,
    };
    if default_class.is_none() && !table.has("class") {
        return failed(vec![CellError::new(0, "", &Problem::ClassNotGiven)]);
    }

    let known = Known::load(db)?;
    let mut read = Vec::with_capacity(table.len());
    let mut seen_numbers: HashMap<String, u32> = HashMap::with_capacity(table.len());
    for mut rec in table.read_records() {
        cancel.check()?;
        if let Some(b) = rec.date("birth_date") {
            if b > today {
                rec.fail("birth_date", &Problem::BirthDateInFuture);
            }
        }
        let file_key = rec.text("file_no").map(people::code_key);
        if let Some(key) = &file_key {
            if let Some(&first) = seen_numbers.get(key) {
                let number = rec.text("file_no").unwrap_or_default().to_string();
                rec.fail(
                    "file_no",
                    &Problem::FileNumberRepeated { number, row: first },
                );
            } else {
                seen_numbers.insert(key.clone(), rec.row);
            }
        }
        let target = match rec.text("class") {
            Some(text) => match classes.resolve(text)? {
                Ok(target) => Some(target),
                Err(problem) => {
                    rec.fail("class", &problem);
                    None
                }
            },
            None if rec.has_error("class") => None,
            None => match &default_class {
                Some(t) => Some(t.clone()),
                None => {
                    rec.fail("class", &Problem::ClassNotGiven);
                    None
                }
            },
        };
        warn(&mut rec, september);
        let person = person_of(&rec);
        let id = person.as_ref().and_then(|p| known.by_person(p));
        read.push(Read {
            rec,
            target,
            person,
            id,
            file_key: file_key.unwrap_or_default(),
        });
    }
    match_rows(&known, &mut read);

    // Students the file gives other numbers: their old numbers are free for other rows. A row
    // without a number keeps the student's.
    let renumbered: HashSet<i64> = read
        .iter()
        .filter(|r| r.rec.is_valid() && !r.file_key.is_empty())
        .filter_map(|r| r.id.filter(|&id| known.renumbers(id, &r.file_key)))
        .collect();
    let lookups = PlanLookups {
        db,
        known: &known,
        renumbered: &renumbered,
        september,
        sizes_on,
    };
    // Made when the first row without a number needs it.
    let mut numbering: Option<Numbering> = None;
    // A file that frees numbers writes after its plan: the numbers are freed first.
    let streamed = renumbered.is_empty();
    let mut preview = Report::default();
    let mut rows = Vec::new();
    let total = read.len();
    for (
        done,
        Read {
            mut rec,
            target,
            id,
            file_key,
            ..
        },
    ) in read.into_iter().enumerate()
    {
        if done % 50 == 0 {
            progress(done, total);
        }
        cancel.check()?;
        let planned = match target {
            Some(target) if rec.is_valid() => {
                // A new student without a number gets the next of the school's numbering,
                // taken back when the row is not imported after all.
                let unnumbered = id.is_none() && file_key.is_empty();
                if unnumbered && numbering.is_none() {
                    let typed = seen_numbers.keys();
                    numbering = Some(numbering_of(db, september.year(), &known, typed)?);
                }
                let given = match numbering.as_mut() {
                    Some(n) if unnumbered => {
                        Some(n.next(rec.text("last_name").unwrap_or_default()))
                    }
                    _ => None,
                };
                let planned = plan_row(&lookups, &table, &mut rec, id, target, given, today)?;
                if let (true, None, Some(n)) = (unnumbered, &planned, numbering.as_mut()) {
                    n.take_back();
                }
                planned
            }
            _ => None,
        };
        preview.errors.extend(rec.errors);
        preview.warnings.extend(rec.warnings);
        if let Some(row) = planned.as_ref().filter(|_| streamed) {
            stream(row);
        }
        rows.extend(planned);
    }
    progress(total, total);
    // Nothing to drop unless a number is freed (see `streamed`): the rows streamed are all.
    drop_taken_numbers(db, &lookups, &table, &mut rows, &mut preview.errors)?;
    for row in &rows {
        preview.count(row.outcome);
    }
    report::complete(db, academic_year_id, sizes_on, &rows, &mut preview)?;
    preview.sort();
    Ok(Plan {
        preview,
        rows,
        year_id: academic_year_id,
        streamed,
    })
}

/// Completes the matching of the rows (each already knows the student with its full name and
/// birth date, if one) and refuses a second row about one student.
///
/// A row is about the only student with its full name and birth date, else about the student
/// with its file number, unless another row of the file is that student by name and birth
/// date: then the file gives that student another number and this row is someone else (a new
/// student, or one renumbered too). So a file may renumber students, even swap two numbers.
pub(super) fn match_rows(known: &Known, read: &mut [Read]) {
    let by_person: HashSet<i64> = read.iter().filter_map(|r| r.id).collect();
    let mut seen: HashMap<Who, u32> = HashMap::with_capacity(read.len());
    for r in read {
        // A number repeated in the file is an error already, not a second row about its owner.
        if r.id.is_none() && !r.rec.has_error("file_no") {
            r.id = known
                .by_file_key(&r.file_key)
                .filter(|id| !by_person.contains(id));
        }
        let who = match (r.id, r.person.take()) {
            (Some(id), _) => Who::Known(id),
            (None, Some(person)) => Who::New(person),
            (None, None) => continue,
        };
        // Two rows about one student: which is right is the user's call, not the import's.
        match seen.get(&who) {
            Some(&first) => {
                let name = row_name(&r.rec);
                let problem = Problem::StudentRepeated { row: first, name };
                r.rec.errors.push(CellError::new(r.rec.row, "", &problem));
            }
            None => {
                seen.insert(who, r.rec.row);
            }
        }
    }
}

/// «Фамилия Имя Отчество» as the row has it.
pub(super) fn row_name(rec: &Record) -> String {
    let text = |key: &str| rec.text(key).unwrap_or_default();
    people::full_name(text("last_name"), text("first_name"), text("patronymic"))
}

/// Drops the planned rows whose file number another student keeps after all: the row that
/// renumbers that student has errors, so it is not written and the old number is not free.
/// A dropped row may in turn keep a number another row counted on, hence the loop.
pub(super) fn drop_taken_numbers(
    db: &Db,
    lookups: &PlanLookups,
    table: &Table,
    rows: &mut Vec<Planned>,
    errors: &mut Vec<CellError>,
) -> Result<()> {
    loop {
        let freed: HashSet<i64> = rows
            .iter()
            .filter(|p| p.renumbers)
            .filter_map(|p| p.student.id)
            .collect();
        if freed.len() == lookups.renumbered.len() {
            // Every number the card check counted as free is: nothing more to drop.
            return Ok(());
        }
        let keeper = |p: &Planned| {
            lookups
                .known
                .by_file_number(&p.student.file_number)
                .filter(|&owner| Some(owner) != p.student.id && !freed.contains(&owner))
        };
        let mut taken = Vec::new();
        for p in rows.iter() {
            if let Some(owner) = keeper(p) {
                taken.push((p.row, owner));
            }
        }
        if taken.is_empty() {
            return Ok(());
        }
        for &(row, owner) in &taken {
            let owner = students::get(db, owner)?;
            errors.push(CellError::new(
                row,
                table.header("file_no").unwrap_or_default(),
                &Problem::DuplicateFileNumber {
                    number: owner.file_number.clone(),
                    name: owner.full_name(),
                },
            ));
        }
        rows.retain(|p| !taken.iter().any(|&(row, _)| row == p.row));
    }
}

/// Warnings that do not block: an unusual age on 1 September, a sex the patronymic disagrees with.
pub(super) fn warn(rec: &mut Record, september: NaiveDate) {
    if let Some(b) = rec.date("birth_date") {
        let age = people::age_on(b, september);
        if !(USUAL_AGE.0..=USUAL_AGE.1).contains(&age) && !rec.has_error("birth_date") {
            rec.warn(
                "birth_date",
                &Problem::UnusualAge {
                    age: age.into(),
                    on: september.format("%d.%m.%Y").to_string(),
                },
            );
        }
    }
    common::warn_sex_by_patronymic(rec, "sex", "patronymic");
}

/// Tells what importing a valid row does to the student it is about (`id`, none for a new
/// one); the card's own rules (students::check_with) add their errors to the row.
pub(super) fn plan_row(
    lookups: &PlanLookups,
    table: &Table,
    rec: &mut Record,
    id: Option<i64>,
    target: Target,
    given_number: Option<String>,
    today: NaiveDate,
) -> Result<Option<Planned>> {
    let text = |key: &str| rec.text(key).map(people::clean).unwrap_or_default();
    let numbered = given_number.is_some();
    let file_number = given_number.unwrap_or_else(|| text("file_no"));
    let (last, first) = (text("last_name"), text("first_name"));
    let patronymic = text("patronymic");
    let birth_date = rec.date("birth_date");
    let sex = rec.sex("sex").unwrap_or(Sex::Male);
    let order = Order {
        series: text("order_series"),
        number: text("order_number"),
        date: rec.date("order_date"),
    };
    let has_order =
        table.has("order_series") || table.has("order_number") || table.has("order_date");
    let (mut student, stored) = match id {
        Some(id) => {
            let stored = students::get(lookups.db, id)?;
            if let Some(on) = movement::left_school_by(lookups.db.conn(), id, today)? {
                // Re-enrolling is the administrator's decision (the departure is on record),
                // not a roster's: a stale list must not bring back every student who left.
                let problem = Problem::StudentDeparted {
                    name: stored.full_name(),
                    on: on.format("%d.%m.%Y").to_string(),
                };
                rec.errors.push(CellError::new(rec.row, "", &problem));
                return Ok(None);
            }
            let mut s = stored.clone();
            // A row without a number keeps the student's: nothing typed is lost.
            if !file_number.is_empty() {
                s.file_number = file_number;
            }
            s.last_name = last;
            s.first_name = first;
            if table.has("patronymic") {
                s.patronymic = patronymic;
            }
            s.sex = sex;
            s.birth_date = birth_date;
            (s, Some(stored))
        }
        None => (
            Student::listed(file_number, (last, first, patronymic), sex, birth_date),
            None,
        ),
    };
    if !facts::apply(table, rec, &mut student) {
        return Ok(None);
    }
    // The card is checked in its class, and compared with the stored one (class included).
    student.class_id = match &target {
        Target::Existing(id) => Some(*id),
        Target::New(..) => None,
    };
    let mut order_check = Check::new();
    people::check_order(&mut order_check, "order", &order);
    // The enrolment order is the student's arrival: not before the student was born.
    if order
        .date
        .zip(student.birth_date)
        .is_some_and(|(on, born)| on < born)
    {
        order_check.add("order.date", Problem::BeforeBirth);
    }
    let checked = students::check_with(lookups, &student, today).and(order_check.finish());
    match checked {
        Ok(_) => {}
        Err(CoreError::Invalid(fields)) => {
            for f in fields {
                let key = match f.field.as_str() {
                    "file_number" => "file_no",
                    "order.date" => "order_date",
                    "order.number" => "order_number",
                    "order.series" => "order_series",
                    other => other,
                };
                rec.errors.push(CellError {
                    row: rec.row,
                    column: table.header(key).unwrap_or_default().to_string(),
                    message: f.message,
                    code: "student_card",
                });
            }
            return Ok(None);
        }
        Err(e) => return Err(e),
    }
    // Where the stored student is now, and whether counted in that class's size on the day
    // sizes are counted (a departed student never reaches here: refused above).
    let was_in = match stored.as_ref().and_then(|s| s.id.zip(s.class_id)) {
        Some((id, class)) => {
            let counted = movement::placements::class_on(lookups.db, id, lookups.sizes_on)?
                .is_some_and(|p| p.class_id == class);
            Some((class, counted))
        }
        None => None,
    };
    let order = has_order.then(|| order.cleaned());
    let outcome = match stored {
        None => RowOutcome::Added,
        Some(stored) => {
            // A class to create is not the stored one; an existing one is compared in the card.
            let new_class = matches!(&target, Target::New(..));
            let same_order = match &order {
                Some(order) => {
                    movement::enrolment_order(lookups.db.conn(), stored.id.unwrap_or_default())?
                        == *order
                }
                None => true,
            };
            if !new_class && stored == student && same_order {
                RowOutcome::Unchanged
            } else {
                RowOutcome::Updated
            }
        }
    };
    Ok(Some(Planned {
        row: rec.row,
        renumbers: id.is_some_and(|id| lookups.renumbered.contains(&id)),
        student,
        order,
        target,
        outcome,
        was_in,
        numbered,
    }))
}

/// The numbering of the new students of an import into the year beginning in `year`: the
/// school card's pattern, continuing after every number the school has and every number typed
/// in the file.
pub(super) fn numbering_of<'k>(
    db: &Db,
    year: i32,
    known: &'k Known,
    typed: impl Iterator<Item = &'k String>,
) -> Result<Numbering> {
    let card = crate::school::get(db)?;
    let pattern = Pattern::parse(&card.file_number_pattern)
        .map_err(|problem| CoreError::refused("file_number_pattern", problem))?;
    let mut numbering = Numbering::new(pattern, year);
    for key in known.by_file_number.keys().chain(typed) {
        numbering.note(key);
    }
    Ok(numbering)
}
