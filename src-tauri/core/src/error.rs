//! Errors and warnings of the core, with their stable codes and the one place their Russian
//! text is written. Every module reports a [`Problem`]; the UI and the CLI show its text.

use serde::Serialize;
use std::path::PathBuf;
use ts_rs::TS;

mod account;
mod backup;
mod bad_file;
mod codes;
mod encryption;
mod fet;
mod fet_import;
mod generate;
mod io;
mod messages;
mod movement;
mod program;
mod staff;
mod storage;
mod year_end;
pub use account::AccountProblem;
pub use backup::BackupProblem;
pub use bad_file::BadFileProblem;
pub use encryption::EncryptionProblem;
pub use fet::FetProblem;
pub use fet_import::FetImportProblem;
pub use generate::GenerateProblem;
pub(crate) use io::what_happened;
pub use io::At;
pub use movement::MovementProblem;
pub use program::ProgramProblem;
pub use staff::StaffProblem;
pub use storage::StorageProblem;
pub use year_end::YearEndProblem;

pub type Result<T> = std::result::Result<T, CoreError>;

/// Something wrong with a value the user typed, or with the data as a whole.
/// `code()` is stable and is what the UI and the tests match on; `Display` is the Russian text.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Required,
    NotDigits,
    DigitCount(usize),
    DigitCountOneOf(&'static [usize]),
    InnCheckDigit,
    OgrnCheckDigit,
    BadEmail,
    BadTime,
    NotInRange {
        min: i64,
        max: i64,
    },
    EndBeforeStart,
    LessonEndsBeforeStart,
    OutsideYear {
        year: String,
    },
    YearNameFormat,
    YearNameMismatch {
        expected: String,
    },
    YearSpan,
    PeriodsOutsideYear {
        names: String,
    },
    DuplicateName {
        name: String,
    },
    TermsOverlap {
        other: String,
    },
    BellsOverlap {
        other: i64,
    },
    BellNumberOrder,
    DuplicateRoomNumber {
        number: String,
    },
    SubjectInUse {
        uses: i64,
    },
    ShiftAboveSchool {
        shifts: i64,
    },
    LicenceExpired,
    ShortBreak {
        minutes: i64,
        after: i64,
    },
    LongLesson {
        minutes: i64,
    },
    /// A typical day (bells.rs) whose `lessons`-th lesson would end after midnight.
    DayPastMidnight {
        lessons: i32,
    },
    NotLessonNumbers {
        value: String,
    },
    // Spreadsheet exchange (exchange/): the file, its header, its cells.
    UnknownFileType {
        name: String,
    },
    HtmlSpreadsheet,
    NoHeaderRow {
        expected: String,
    },
    MissingColumn {
        name: String,
    },
    DuplicateColumn {
        name: String,
    },
    EmptyCell,
    NotADate {
        value: String,
    },
    NoSuchDate {
        value: String,
    },
    ImplausibleYear {
        value: String,
    },
    NotASex {
        value: String,
    },
    NotAnInteger {
        value: String,
    },
    NotAPositiveNumber {
        value: String,
    },
    NotInList {
        value: String,
        choices: String,
    },
    LatinInName {
        value: String,
        at: usize,
    },
    BadCharInName {
        value: String,
        ch: char,
    },
    NameInLatin {
        value: String,
    },
    NamePartsMissing {
        value: String,
        parts: String,
    },
    // People (people.rs, staff.rs, classes.rs, students.rs).
    SnilsCheckNumber,
    DuplicateSnils {
        name: String,
    },
    BirthDateInFuture,
    /// An enrolment (arrival) dated before the student was born.
    BeforeBirth,
    DateInFuture,
    /// A pedagogical experience that began before the whole experience did.
    PedagogicalExperienceLonger,
    /// A day of award for a staff member without a category.
    CategoryDateWithoutCategory,
    SexDisagreesWithPatronymic {
        sex: String,
    },
    UnusualAge {
        age: i64,
        on: String,
    },
    BadRate,
    LeaveBeforeHire,
    PositionInUse {
        uses: i64,
    },
    StaffInUse {
        uses: i64,
    },
    LeavingClassTeacher {
        classes: String,
    },
    ClassLetter,
    DuplicateClass {
        label: String,
    },
    ProfileOnlySenior,
    ProfileRequired,
    OtherYear,
    ClassTeacherLeft {
        name: String,
    },
    ClassNotEmpty {
        students: i64,
    },
    GradeOfJointSplit {
        split: String,
    },
    DuplicateFileNumber {
        number: String,
        name: String,
    },
    ConsentOfOnePerson,
    /// Roster import: the same personal file number in two rows of one file.
    FileNumberRepeated {
        number: String,
        row: u32,
    },
    /// Roster import: the class named is not in the current year.
    UnknownClass {
        label: String,
    },
    /// A class a past (or coming) year does not have.
    UnknownClassInYear {
        label: String,
        year: String,
    },
    /// Roster import: a class cell that is not a class label.
    NotAClass {
        value: String,
    },
    /// Roster import: a one-class file and no class chosen.
    ClassNotGiven,
    /// Roster import: no current academic year to place students in.
    NoCurrentYear,
    /// Roster import: a second row of the file about the student (known or new, by full name
    /// and birth date) an earlier row is about.
    StudentRepeated {
        row: u32,
        name: String,
    },
    /// Roster import: a row about a student who has left the school.
    StudentDeparted {
        name: String,
        on: String,
    },
    /// An import stopped by the user: the transaction was rolled back.
    ImportCancelled,
    /// School card: a numbering pattern of personal files that cannot be used (file_numbers.rs).
    FileNumberPattern {
        detail: String,
    },
    /// Roster import (a warning): a class would have more students than allowed, 25 in grades
    /// 1–4 (`primary`) or the school card's maximum.
    ClassTooBig {
        label: String,
        before: i64,
        after: i64,
        limit: i64,
        primary: bool,
    },
    // What a class lacks for a screen to show anything (classes/gaps.rs).
    ClassWithoutTermScheme {
        label: String,
    },
    YearWithoutTermSchemes {
        year: String,
    },
    ClassWithoutCurriculum {
        label: String,
    },
    YearWithoutBells {
        year: String,
    },
    ClassWithoutLoad {
        label: String,
    },
    // Staff import (staff_roster.rs).
    /// A position the reference does not have.
    UnknownPosition {
        name: String,
        known: String,
    },
    /// Two rows of one staff member that say different things about the person.
    StaffRowsDisagree {
        row: u32,
        value: String,
    },
    /// One staff member with the same position in two rows of the file.
    PositionRepeated {
        position: String,
        row: u32,
    },
    /// Two people of the file who are one staff member of the database.
    SameStaffMemberTwice {
        row: u32,
        name: String,
    },
    /// A row of a staff member the import refuses because of another row.
    StaffRowNotImported {
        rows: String,
    },
    // Curricula (curriculum/).
    /// A line of the obligatory part without a subject.
    MandatoryNeedsSubject,
    /// A line with neither a subject nor a course name.
    LineWithoutName,
    DuplicateLine {
        name: String,
    },
    BadHours {
        max: i64,
    },
    NoHours,
    /// Warning: the weekly hours of a half-year above the sanitary maximum.
    AboveSanitaryMax {
        half: i64,
        hours: String,
        max: i64,
        grade: i64,
        week_days: i64,
    },
    TemplateOtherGrade {
        template: String,
        class: String,
    },
    NotATemplate,
    StudentNotInYear,
    CurriculumExists {
        what: String,
    },
    /// Warning: a template of one profile assigned to a class of another.
    ProfileMismatch {
        template: String,
        class: String,
    },
    UnknownLevel {
        value: String,
    },
    /// A curriculum moved to another year, kind, class or student.
    CurriculumMoved,
    // Subgroups (subgroups/).
    /// Classes of different grades split together.
    SplitGrades {
        labels: String,
    },
    /// A class already split for the subject.
    AlreadySplit {
        label: String,
        subject: String,
    },
    SplitBySexNeedsTwo,
    /// A student who is neither in the split's classes nor a member of its subgroups.
    NotInSplit {
        name: String,
    },
    TooFewSubgroups,
    // Teaching load (load/).
    LoadNotOfClass,
    TeacherLeft {
        name: String,
    },
    SubjectSplitForClass {
        class: String,
        subject: String,
    },
    SubgroupNotOfLine {
        class: String,
        subject: String,
    },
    LoadAboveLine {
        assigned: String,
        line: String,
    },
    LoadUnassigned {
        what: String,
        hours: String,
    },
    LoadOverAssigned {
        what: String,
        hours: String,
    },
    LoadMisplaced {
        what: String,
    },
    LoadOfTeacherWhoLeft {
        name: String,
        hours: String,
    },
    LoadWithoutTeachingPosition {
        name: String,
    },
    TeacherAboveMaxHours {
        name: String,
        hours: String,
        max: i64,
    },
    // Printed documents (forms/documents.rs).
    DocumentMissing {
        path: String,
    },
    NotADocument {
        path: String,
    },
    /// A report saved to a file that is neither .pdf nor .xlsx.
    NotAReportFormat {
        path: String,
    },
    /// The system's program could not be started; `detail` is what happened, in Russian.
    CannotOpenDocument {
        path: String,
        detail: String,
    },
    /// The program the app opens documents and folders through is not installed.
    OpenerMissing {
        program: String,
        package: String,
        folder: String,
    },
    /// The opener found no program for the document's type.
    NoProgramForDocument {
        name: String,
        folder: String,
        spreadsheet: bool,
    },
    /// The opener could not show the folder (no file manager).
    NoFileManager {
        folder: String,
    },
    // Timetable (timetable/). `when` is «вторник, 3 урок»; `day_at` is «во вторник».
    TeacherBusy {
        teacher: String,
        class: String,
        when: String,
    },
    RoomBusy {
        room: String,
        class: String,
        when: String,
    },
    ClassBusy {
        class: String,
        subject: String,
        when: String,
    },
    NoSuchLessonNumber {
        class: String,
        lesson: i32,
        schedule: String,
    },
    ClassWithoutBells {
        class: String,
    },
    DayOutsideWeek {
        day: String,
        week_days: i32,
    },
    LessonTeacherLeft {
        name: String,
    },
    /// Warning: more lessons a day than the sanitary maximum for the grade.
    AboveDailyLimit {
        class: String,
        day_at: String,
        lessons: i32,
        max: i32,
        source: String,
    },
    /// Warning: lessons placed a week differ from the load line's hours.
    PlacedDiffersFromLoad {
        what: String,
        placed: i32,
        hours: String,
        half: i32,
    },
    /// Warning: the day's difficulty total peaks outside Tuesday–Wednesday.
    DifficultyPeak {
        class: String,
        day: String,
        peak: i32,
        midweek: i32,
    },
    /// Warning: one subject more often in a day than its weekly hours need.
    SubjectTwiceADay {
        class: String,
        subject: String,
        day_at: String,
        count: i32,
    },
    /// Warning: a teacher's free lessons between lessons («окна»).
    TeacherGaps {
        teacher: String,
        day_at: String,
        gaps: i32,
    },
    SubstitutionWrongDay {
        date: String,
        day: String,
    },
    SubstitutionChangesNothing,
    SubstituteBusy {
        teacher: String,
        class: String,
        lesson: i32,
    },
    SubstituteRoomBusy {
        room: String,
        class: String,
        lesson: i32,
    },
    LessonNotInHalf {
        half: i32,
    },
    /// Thematic plans: a lesson number that does not follow the one before.
    ThematicNumberGap {
        expected: i64,
    },
    /// Thematic plans: the first topic has no section to belong to.
    NoSectionName,
    /// Thematic plans: a date outside the academic year.
    DateOutsideYear {
        date: String,
        year: String,
    },
    /// Thematic plans: a date inside the class's holidays.
    DateOnHoliday {
        date: String,
        holiday: String,
    },
    ThematicPlanExists {
        what: String,
    },
    /// Thematic plans: dates are asked for but the timetable has no lesson of the subject.
    NoLessonsInTimetable {
        what: String,
    },
    /// Thematic plans: the year's lessons ran out before the topics did (a warning).
    LessonDatesShort {
        topics: String,
    },
    /// Thematic plans: the plan's hours and the curriculum's annual hours differ.
    PlanHoursDiffer {
        plan: String,
        curriculum: String,
        difference: String,
    },
    /// Thematic plans: copying to a class of another grade.
    CopyOtherGrade {
        class: String,
    },
    NoLastYearPlan {
        what: String,
    },
    /// The subject named (CLI, import) is not in the subjects reference.
    UnknownSubjectName {
        name: String,
    },
    /// Thematic plans: a subgroup that is not one of the class's in the subject.
    UnknownSubgroup {
        name: String,
        what: String,
        known: String,
    },
    /// Thematic plans: the class and subject have no plan (export, print).
    NoThematicPlan {
        what: String,
    },
    /// Thematic plan import: stored topics the file does not have (a warning).
    ThematicTopicsRemoved {
        numbers: String,
    },
    /// Marks: grade 1 is taught without marks (безотметочное обучение).
    NoMarksInGrade1 {
        class: String,
    },
    /// Marks: the period of the class is closed; a change needs it reopened first.
    PeriodClosed {
        period: String,
        class: String,
    },
    /// Marks: reopening a period that is not closed.
    PeriodNotClosed {
        period: String,
        class: String,
    },
    /// Marks: a period name the class does not have (CLI, import).
    UnknownPeriod {
        name: String,
        known: String,
    },
    /// Marks: text that is not a mark (import, paste).
    NotAMark {
        text: String,
    },
    /// Marks: a value of the other assessment (a digit for a pass/fail subject or the reverse).
    MarkKindMismatch {
        value: String,
        subject: String,
        expected: String,
    },
    /// Marks: the subject is not in the student's curriculum for the period.
    SubjectNotStudied {
        subject: String,
        student: String,
    },
    /// Marks: the student is not in the class in that year.
    StudentNotInClass {
        student: String,
        class: String,
    },
    /// Absences: more lessons missed for illness than missed at all.
    IllnessAboveMissed,
    /// Marks: the period has no absences (only terms count lessons missed).
    AbsencesOnlyPerTerm,
    /// Marks import: a row about nobody in the class's list for the period.
    MarkStudentUnknown {
        who: String,
        class: String,
        period: String,
    },
    /// Marks import: a name several students of the class have.
    MarkStudentAmbiguous {
        name: String,
        class: String,
    },
    /// Marks import: the personal file number is another student's than the row's name.
    MarkFileNumberOfOther {
        number: String,
        owner: String,
        name: String,
    },
    /// Marks import (a warning): a file number none of the class has; the name found the
    /// student, whose card has `stored`.
    MarkFileNumberUnknown {
        number: String,
        name: String,
        stored: String,
    },
    /// Marks import: a row with marks and neither a name nor a personal file number.
    MarkRowNoStudent,
    /// Marks import: a second row about one student.
    MarkRowRepeated {
        row: u32,
        name: String,
    },
    /// Marks import: a column that is none of the class's subjects in the period.
    MarkSubjectColumnUnknown {
        name: String,
        class: String,
        period: String,
        known: String,
    },
    /// Reopening a period for the whole school when no class has it closed.
    PeriodClosedNowhere {
        period: String,
    },
    /// Archive copies: the folder already holds an archive copy (its manifest).
    ArchiveFolderTaken {
        folder: String,
    },
    /// Archive copies: the second folder is the first one.
    ArchiveSameFolder,
    /// Archive copies: a folder without a manifest to check against.
    ArchiveNoManifest {
        folder: String,
    },
    /// Archive copies: a line of the manifest that is not «<SHA-256>  <file name>».
    ArchiveManifestLine {
        line: usize,
    },
    /// Archive copies: files changed or missing against the manifest.
    ArchiveDamaged {
        folder: String,
        files: String,
    },
    /// Results: the student has no class in that year.
    StudentWithoutClass {
        student: String,
        year: String,
    },
    /// Results: no term of the year has begun, so there is no period to report by default.
    NoTermBegun {
        year: String,
    },
    /// District reports: no term has begun by the day, so there are no term results for it.
    NoTermBegunBy {
        date: String,
    },
    /// District reports: the day is outside the academic year whose reports are written.
    ReportDayOutsideYear {
        date: String,
        year: String,
    },
    /// District package: the package's folder name is taken by something that is not a package.
    PackageFolderTaken {
        folder: String,
    },
    /// District: the school card has no INN, by which the district tells schools apart.
    DistrictNoInn,
    /// The district's address on the school card is not a connection string.
    DistrictUrlUnreadable,
    /// The district's address on the school card holds a password.
    DistrictUrlWithPassword,
    /// The school card has no district address to send the figures to.
    DistrictNoUrl,
    /// Ledgers: printing the whole school was stopped by the user.
    PrintCancelled {
        done: usize,
        total: usize,
    },
    /// Student movement: arrivals, departures, transfers and their orders.
    Movement(MovementProblem),
    /// Staff movement: hires, transfers, leaves.
    Staff(StaffProblem),
    /// The year's end: the council's decisions and the rollover's stages.
    YearEnd(YearEndProblem),
    /// Backups, restores and the checks of the school file at open.
    Backup(BackupProblem),
    /// A spreadsheet that is damaged or past the import limits.
    BadFile(BadFileProblem),
    /// The disk refused a write: full, read-only, no rights, too large a file, failing.
    Storage(StorageProblem),
    /// An encrypted school file: its password, its conversions.
    Encryption(EncryptionProblem),
    /// Accounts and what their roles allow.
    Account(AccountProblem),
    /// A FET file that cannot be read for the timetable engine.
    Fet(FetProblem),
    /// A FET file the school file cannot take as it is (`fet import`).
    FetImport(FetImportProblem),
    /// The timetable generator's data: wishes, pairs, kept versions.
    Generate(GenerateProblem),
    /// The program's own failure (a panic), caught.
    Program(ProgramProblem),
}

impl From<AccountProblem> for Problem {
    fn from(p: AccountProblem) -> Problem {
        Problem::Account(p)
    }
}

impl From<EncryptionProblem> for Problem {
    fn from(p: EncryptionProblem) -> Problem {
        Problem::Encryption(p)
    }
}

impl From<MovementProblem> for Problem {
    fn from(p: MovementProblem) -> Problem {
        Problem::Movement(p)
    }
}

impl From<StaffProblem> for Problem {
    fn from(p: StaffProblem) -> Problem {
        Problem::Staff(p)
    }
}

impl From<BackupProblem> for Problem {
    fn from(p: BackupProblem) -> Problem {
        Problem::Backup(p)
    }
}

impl From<BadFileProblem> for Problem {
    fn from(p: BadFileProblem) -> Problem {
        Problem::BadFile(p)
    }
}

impl From<StorageProblem> for Problem {
    fn from(p: StorageProblem) -> Problem {
        Problem::Storage(p)
    }
}

impl From<ProgramProblem> for Problem {
    fn from(p: ProgramProblem) -> Problem {
        Problem::Program(p)
    }
}

impl From<FetProblem> for Problem {
    fn from(p: FetProblem) -> Problem {
        Problem::Fet(p)
    }
}

impl From<FetImportProblem> for Problem {
    fn from(p: FetImportProblem) -> Problem {
        Problem::FetImport(p)
    }
}

impl From<GenerateProblem> for Problem {
    fn from(p: GenerateProblem) -> Problem {
        Problem::Generate(p)
    }
}

impl From<YearEndProblem> for Problem {
    fn from(p: YearEndProblem) -> Problem {
        Problem::YearEnd(p)
    }
}

/// A problem tied to one field of a form (`field` is the Rust/TS field name, e.g. `inn`,
/// or a path such as `terms.2.ends_on` for rows of a nested list).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        FieldError {
            field: field.into(),
            code: problem.code().to_string(),
            message: problem.to_string(),
        }
    }
}

/// Something saved but worth showing: a short break, an expired licence.
pub type Warning = FieldError;

/// Collects field errors of one form; `finish` turns a non-empty list into an error.
#[derive(Debug, Default)]
pub struct Check(Vec<FieldError>);

impl Check {
    pub fn new() -> Self {
        Check::default()
    }
    pub fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push(FieldError::new(field, problem));
    }
    /// Adds the problem when `result` is an error; the usual shape of a validator call.
    pub fn field(&mut self, field: &str, result: std::result::Result<(), Problem>) {
        if let Err(p) = result {
            self.add(field, p);
        }
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(CoreError::Invalid(self.0))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("Проверьте поля: {}", join_fields(.0))]
    Invalid(Vec<FieldError>),
    #[error("{what} не найден(а): возможно, запись уже удалена. Обновите список.")]
    NotFound { what: &'static str },
    #[error("{}", .0.message)]
    Refused(FieldError),
    #[error("Файл «{}» не является базой данных SQLite. Выберите файл школы (.zavuch).", .0.display())]
    NotSqlite(PathBuf),
    #[error("Файл «{}» — база данных, но не файл школы «Завуча». Файл не изменён.", .0.display())]
    NotZavuch(PathBuf),
    #[error("Файл создан более новой версией программы (схема {found}, эта версия знает до {supported}). Обновите программу; файл не изменён.")]
    TooNew { found: i64, supported: i64 },
    #[error("Файл «{}» уже содержит школу: демонстрационная школа создаётся только в пустом файле.", .0.display())]
    NotEmpty(PathBuf),
    #[error("{}", io::db_text(.0))]
    Db(rusqlite::Error),
    #[error("Ошибка обновления схемы базы: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The district's PostgreSQL server: could not connect, refused or failed a query (the
    /// text says which and what to check).
    #[error("{0}")]
    District(String),
    /// A file that could not be read or written ([`At::at`] names it).
    #[error("{}", io::file_text(.path, .source))]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Reading or writing that is not about a file the user named (the console, a worker).
    #[error("{}", io::io_text(.0))]
    Io(std::io::Error),
}

/// SQLite's failure; a write a role's guard refused is told as the role's refusal, wherever
/// in the core it was made.
impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        crate::accounts::refusal(&e).unwrap_or(CoreError::Db(e))
    }
}

fn join_fields(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A spreadsheet that could not be made is an I/O failure for the user (every .xlsx writer).
impl From<rust_xlsxwriter::XlsxError> for CoreError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        match e {
            rust_xlsxwriter::XlsxError::IoError(e) => CoreError::Io(e),
            other => CoreError::Io(std::io::Error::other(other.to_string())),
        }
    }
}

impl CoreError {
    pub fn refused(field: impl Into<String>, problem: Problem) -> Self {
        CoreError::Refused(FieldError::new(field, problem))
    }

    /// The file `path` could not be read or written: the disk's refusal (full, read-only…) is
    /// told as a [`StorageProblem`].
    pub fn file(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        let path = path.as_ref();
        match StorageProblem::of_io(path, &source) {
            Some(problem) => CoreError::refused("file", problem.into()),
            None => CoreError::File {
                path: path.to_path_buf(),
                source,
            },
        }
    }

    /// A database failure that came from the school file at `path` or its disk (a missing
    /// folder, no permission, a full disk, a file another program holds) told as that file's.
    pub fn of_file(self, path: &std::path::Path) -> Self {
        match self.on_disk(path, None) {
            CoreError::Db(e) => match io::sqlite_as_io(&e, Some(path)) {
                Some(source) => CoreError::file(path, source),
                None => CoreError::Db(e),
            },
            other => other,
        }
    }

    /// SQLite's failure to write the school file at `path` that is the disk's refusal, told as
    /// a [`StorageProblem`]; `errno` is the system's error behind it when known, which tells a
    /// bare I/O error apart (a file grown past its limit, a read-only disk).
    pub(crate) fn on_disk(self, path: &std::path::Path, errno: Option<i32>) -> Self {
        match &self {
            CoreError::Db(e) => match StorageProblem::of_sqlite(path, e, errno) {
                Some(problem) => CoreError::refused("file", problem.into()),
                None => self,
            },
            _ => self,
        }
    }

    /// Stable code of the error for the UI to classify by.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Invalid(_) => "invalid",
            CoreError::NotFound { .. } => "not_found",
            CoreError::Refused(_) => "refused",
            CoreError::NotSqlite(_) => "not_sqlite",
            CoreError::NotZavuch(_) => "not_zavuch",
            CoreError::TooNew { .. } => "too_new",
            CoreError::NotEmpty(_) => "not_empty",
            CoreError::Db(e) => StorageProblem::of_sqlite_alone(e).map_or("db", |p| p.code()),
            CoreError::Migration(_) => "migration",
            CoreError::District(_) => "district",
            CoreError::File { .. } | CoreError::Io(_) => "io",
        }
    }

    /// Field errors to show beside the fields of a form.
    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            CoreError::Invalid(list) => list.clone(),
            CoreError::Refused(e) => vec![e.clone()],
            _ => Vec::new(),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        let message = match self {
            CoreError::Invalid(_) => "Данные не сохранены: исправьте отмеченные поля.".to_string(),
            CoreError::Refused(e) => e.message.clone(),
            other => other.to_string(),
        };
        ErrorPayload {
            code: self.code().to_string(),
            message,
            fields: self.fields(),
        }
    }
}

/// What crosses to the UI and what the CLI prints with `--json` when something is refused.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

/// A saved record together with the warnings about it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Saved<T: TS> {
    pub value: T,
    pub warnings: Vec<Warning>,
}
