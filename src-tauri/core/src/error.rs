//! Errors and warnings of the core, with their stable codes and the one place their Russian
//! text is written. Every module reports a [`Problem`]; the UI and the CLI show its text.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;
use ts_rs::TS;

mod backup;
mod io;
mod movement;
mod staff;
mod storage;
mod year_end;
pub use backup::BackupProblem;
pub(crate) use io::what_happened;
pub use io::At;
pub use movement::MovementProblem;
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
    UnreadableSpreadsheet {
        detail: String,
    },
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
    /// The disk refused a write: full, read-only, no rights, too large a file, failing.
    Storage(StorageProblem),
}

impl Problem {
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::NotDigits => "not_digits",
            Problem::DigitCount(_) | Problem::DigitCountOneOf(_) => "digit_count",
            Problem::InnCheckDigit => "inn_check_digit",
            Problem::OgrnCheckDigit => "ogrn_check_digit",
            Problem::BadEmail => "bad_email",
            Problem::BadTime => "bad_time",
            Problem::NotInRange { .. } => "not_in_range",
            Problem::EndBeforeStart | Problem::LessonEndsBeforeStart => "end_before_start",
            Problem::OutsideYear { .. } => "outside_year",
            Problem::YearNameFormat => "year_name_format",
            Problem::YearNameMismatch { .. } => "year_name_mismatch",
            Problem::YearSpan => "year_span",
            Problem::PeriodsOutsideYear { .. } => "periods_outside_year",
            Problem::DuplicateName { .. } => "duplicate_name",
            Problem::TermsOverlap { .. } => "terms_overlap",
            Problem::BellsOverlap { .. } => "bells_overlap",
            Problem::BellNumberOrder => "bell_number_order",
            Problem::DuplicateRoomNumber { .. } => "duplicate_room_number",
            Problem::SubjectInUse { .. } => "subject_in_use",
            Problem::ShiftAboveSchool { .. } => "shift_above_school",
            Problem::LicenceExpired => "licence_expired",
            Problem::ShortBreak { .. } => "short_break",
            Problem::LongLesson { .. } => "long_lesson",
            Problem::DayPastMidnight { .. } => "day_past_midnight",
            Problem::NotLessonNumbers { .. } => "not_lesson_numbers",
            Problem::UnknownFileType { .. } => "unknown_file_type",
            Problem::HtmlSpreadsheet => "html_spreadsheet",
            Problem::UnreadableSpreadsheet { .. } => "unreadable_spreadsheet",
            Problem::NoHeaderRow { .. } => "no_header_row",
            Problem::MissingColumn { .. } => "missing_column",
            Problem::DuplicateColumn { .. } => "duplicate_column",
            Problem::EmptyCell => "empty_cell",
            Problem::NotADate { .. } => "not_a_date",
            Problem::NoSuchDate { .. } => "no_such_date",
            Problem::ImplausibleYear { .. } => "implausible_year",
            Problem::NotASex { .. } => "not_a_sex",
            Problem::NotAnInteger { .. } => "not_an_integer",
            Problem::NotAPositiveNumber { .. } => "not_a_positive_number",
            Problem::NotInList { .. } => "not_in_list",
            Problem::LatinInName { .. } => "latin_in_name",
            Problem::BadCharInName { .. } => "bad_char_in_name",
            Problem::NameInLatin { .. } => "name_in_latin",
            Problem::NamePartsMissing { .. } => "name_parts_missing",
            Problem::SnilsCheckNumber => "snils_check_number",
            Problem::DuplicateSnils { .. } => "duplicate_snils",
            Problem::BirthDateInFuture => "birth_date_in_future",
            Problem::BeforeBirth => "before_birth",
            Problem::DateInFuture => "date_in_future",
            Problem::PedagogicalExperienceLonger => "pedagogical_experience_longer",
            Problem::CategoryDateWithoutCategory => "category_date_without_category",
            Problem::SexDisagreesWithPatronymic { .. } => "sex_disagrees_with_patronymic",
            Problem::UnusualAge { .. } => "unusual_age",
            Problem::BadRate => "bad_rate",
            Problem::LeaveBeforeHire => "leave_before_hire",
            Problem::PositionInUse { .. } => "position_in_use",
            Problem::StaffInUse { .. } => "staff_in_use",
            Problem::LeavingClassTeacher { .. } => "leaving_class_teacher",
            Problem::ClassLetter => "class_letter",
            Problem::DuplicateClass { .. } => "duplicate_class",
            Problem::ProfileOnlySenior => "profile_only_senior",
            Problem::ProfileRequired => "profile_required",
            Problem::OtherYear => "other_year",
            Problem::ClassTeacherLeft { .. } => "class_teacher_left",
            Problem::ClassNotEmpty { .. } => "class_not_empty",
            Problem::GradeOfJointSplit { .. } => "grade_of_joint_split",
            Problem::DuplicateFileNumber { .. } => "duplicate_file_number",
            Problem::ConsentOfOnePerson => "consent_of_one_person",
            Problem::FileNumberRepeated { .. } => "file_number_repeated",
            Problem::UnknownClass { .. } | Problem::UnknownClassInYear { .. } => "unknown_class",
            Problem::NotAClass { .. } => "not_a_class",
            Problem::ClassNotGiven => "class_not_given",
            Problem::NoCurrentYear => "no_current_year",
            Problem::StudentRepeated { .. } => "student_repeated",
            Problem::StudentDeparted { .. } => "student_departed",
            Problem::ImportCancelled => "import_cancelled",
            Problem::FileNumberPattern { .. } => "file_number_pattern",
            Problem::ClassTooBig { .. } => "class_too_big",
            Problem::ClassWithoutTermScheme { .. } => "class_without_term_scheme",
            Problem::YearWithoutTermSchemes { .. } => "year_without_term_schemes",
            Problem::ClassWithoutCurriculum { .. } => "class_without_curriculum",
            Problem::YearWithoutBells { .. } => "year_without_bells",
            Problem::ClassWithoutLoad { .. } => "class_without_load",
            Problem::UnknownPosition { .. } => "unknown_position",
            Problem::StaffRowsDisagree { .. } => "staff_rows_disagree",
            Problem::PositionRepeated { .. } => "position_repeated",
            Problem::SameStaffMemberTwice { .. } => "same_staff_member_twice",
            Problem::StaffRowNotImported { .. } => "staff_row_not_imported",
            Problem::MandatoryNeedsSubject => "mandatory_needs_subject",
            Problem::LineWithoutName => "line_without_name",
            Problem::DuplicateLine { .. } => "duplicate_line",
            Problem::BadHours { .. } => "bad_hours",
            Problem::NoHours => "no_hours",
            Problem::AboveSanitaryMax { .. } => "above_sanitary_max",
            Problem::TemplateOtherGrade { .. } => "template_other_grade",
            Problem::NotATemplate => "not_a_template",
            Problem::StudentNotInYear => "student_not_in_year",
            Problem::CurriculumExists { .. } => "curriculum_exists",
            Problem::ProfileMismatch { .. } => "profile_mismatch",
            Problem::UnknownLevel { .. } => "unknown_level",
            Problem::CurriculumMoved => "curriculum_moved",
            Problem::SplitGrades { .. } => "split_grades",
            Problem::AlreadySplit { .. } => "already_split",
            Problem::SplitBySexNeedsTwo => "split_by_sex_needs_two",
            Problem::NotInSplit { .. } => "not_in_split",
            Problem::TooFewSubgroups => "too_few_subgroups",
            Problem::LoadNotOfClass => "load_not_of_class",
            Problem::TeacherLeft { .. } => "teacher_left",
            Problem::SubjectSplitForClass { .. } => "subject_split_for_class",
            Problem::SubgroupNotOfLine { .. } => "subgroup_not_of_line",
            Problem::LoadAboveLine { .. } => "load_above_line",
            Problem::LoadUnassigned { .. } => "load_unassigned",
            Problem::LoadOverAssigned { .. } => "load_over_assigned",
            Problem::LoadMisplaced { .. } => "load_misplaced",
            Problem::LoadOfTeacherWhoLeft { .. } => "load_of_teacher_who_left",
            Problem::LoadWithoutTeachingPosition { .. } => "load_without_teaching_position",
            Problem::TeacherAboveMaxHours { .. } => "teacher_above_max_hours",
            Problem::DocumentMissing { .. } => "document_missing",
            Problem::NotADocument { .. } => "not_a_document",
            Problem::NotAReportFormat { .. } => "not_a_report_format",
            Problem::CannotOpenDocument { .. } => "cannot_open_document",
            Problem::OpenerMissing { .. } => "opener_missing",
            Problem::NoProgramForDocument { .. } => "no_program_for_document",
            Problem::NoFileManager { .. } => "no_file_manager",
            Problem::TeacherBusy { .. } => "teacher_busy",
            Problem::RoomBusy { .. } => "room_busy",
            Problem::ClassBusy { .. } => "class_busy",
            Problem::NoSuchLessonNumber { .. } => "no_such_lesson_number",
            Problem::ClassWithoutBells { .. } => "class_without_bells",
            Problem::DayOutsideWeek { .. } => "day_outside_week",
            Problem::LessonTeacherLeft { .. } => "lesson_teacher_left",
            Problem::AboveDailyLimit { .. } => "above_daily_limit",
            Problem::PlacedDiffersFromLoad { .. } => "placed_differs_from_load",
            Problem::DifficultyPeak { .. } => "difficulty_peak",
            Problem::SubjectTwiceADay { .. } => "subject_twice_a_day",
            Problem::TeacherGaps { .. } => "teacher_gaps",
            Problem::SubstitutionWrongDay { .. } => "substitution_wrong_day",
            Problem::SubstitutionChangesNothing => "substitution_changes_nothing",
            Problem::SubstituteBusy { .. } => "substitute_busy",
            Problem::SubstituteRoomBusy { .. } => "substitute_room_busy",
            Problem::LessonNotInHalf { .. } => "lesson_not_in_half",
            Problem::ThematicNumberGap { .. } => "thematic_number_gap",
            Problem::NoSectionName => "no_section_name",
            Problem::DateOutsideYear { .. } => "date_outside_year",
            Problem::DateOnHoliday { .. } => "date_on_holiday",
            Problem::ThematicPlanExists { .. } => "thematic_plan_exists",
            Problem::NoLessonsInTimetable { .. } => "no_lessons_in_timetable",
            Problem::LessonDatesShort { .. } => "lesson_dates_short",
            Problem::PlanHoursDiffer { .. } => "plan_hours_differ",
            Problem::CopyOtherGrade { .. } => "copy_other_grade",
            Problem::NoLastYearPlan { .. } => "no_last_year_plan",
            Problem::UnknownSubjectName { .. } => "unknown_subject_name",
            Problem::ThematicTopicsRemoved { .. } => "thematic_topics_removed",
            Problem::NoThematicPlan { .. } => "no_thematic_plan",
            Problem::UnknownSubgroup { .. } => "unknown_subgroup",
            Problem::NoMarksInGrade1 { .. } => "no_marks_in_grade_1",
            Problem::PeriodClosed { .. } => "period_closed",
            Problem::PeriodNotClosed { .. } => "period_not_closed",
            Problem::UnknownPeriod { .. } => "unknown_period",
            Problem::NotAMark { .. } => "not_a_mark",
            Problem::MarkKindMismatch { .. } => "mark_kind_mismatch",
            Problem::SubjectNotStudied { .. } => "subject_not_studied",
            Problem::StudentNotInClass { .. } => "student_not_in_class",
            Problem::IllnessAboveMissed => "illness_above_missed",
            Problem::AbsencesOnlyPerTerm => "absences_only_per_term",
            Problem::MarkStudentUnknown { .. } => "mark_student_unknown",
            Problem::MarkStudentAmbiguous { .. } => "mark_student_ambiguous",
            Problem::MarkFileNumberOfOther { .. } => "mark_file_number_of_other",
            Problem::MarkFileNumberUnknown { .. } => "mark_file_number_unknown",
            Problem::MarkRowNoStudent => "mark_row_no_student",
            Problem::MarkRowRepeated { .. } => "mark_row_repeated",
            Problem::MarkSubjectColumnUnknown { .. } => "mark_subject_column_unknown",
            Problem::PeriodClosedNowhere { .. } => "period_closed_nowhere",
            Problem::ArchiveFolderTaken { .. } => "archive_folder_taken",
            Problem::ArchiveSameFolder => "archive_same_folder",
            Problem::ArchiveNoManifest { .. } => "archive_no_manifest",
            Problem::ArchiveManifestLine { .. } => "archive_manifest_line",
            Problem::ArchiveDamaged { .. } => "archive_damaged",
            Problem::StudentWithoutClass { .. } => "student_without_class",
            Problem::NoTermBegun { .. } => "no_term_begun",
            Problem::NoTermBegunBy { .. } => "no_term_begun_by",
            Problem::ReportDayOutsideYear { .. } => "report_day_outside_year",
            Problem::PackageFolderTaken { .. } => "package_folder_taken",
            Problem::DistrictNoInn => "district_no_inn",
            Problem::DistrictUrlUnreadable => "district_url_unreadable",
            Problem::DistrictUrlWithPassword => "district_url_with_password",
            Problem::DistrictNoUrl => "district_no_url",
            Problem::PrintCancelled { .. } => "print_cancelled",
            Problem::Movement(p) => p.code(),
            Problem::Staff(p) => p.code(),
            Problem::YearEnd(p) => p.code(),
            Problem::Backup(p) => p.code(),
            Problem::Storage(p) => p.code(),
        }
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

impl From<StorageProblem> for Problem {
    fn from(p: StorageProblem) -> Problem {
        Problem::Storage(p)
    }
}

impl From<YearEndProblem> for Problem {
    fn from(p: YearEndProblem) -> Problem {
        Problem::YearEnd(p)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Required => write!(f, "Заполните это поле."),
            Problem::NotDigits => write!(f, "Допустимы только цифры."),
            Problem::DigitCount(n) => write!(f, "Должно быть {n} цифр."),
            Problem::DigitCountOneOf(ns) => {
                let list: Vec<String> = ns.iter().map(|n| n.to_string()).collect();
                write!(f, "Должно быть {} цифр.", list.join(" или "))
            }
            Problem::InnCheckDigit => write!(
                f,
                "Контрольная цифра ИНН не сходится: проверьте, нет ли опечатки."
            ),
            Problem::OgrnCheckDigit => write!(
                f,
                "Контрольная цифра ОГРН не сходится: проверьте, нет ли опечатки."
            ),
            Problem::BadEmail => write!(f, "Адрес почты должен быть вида name@example.ru."),
            Problem::BadTime => write!(f, "Время вводится как ЧЧ:ММ, например 08:30."),
            Problem::NotInRange { min, max } => write!(f, "Допустимо число от {min} до {max}."),
            Problem::EndBeforeStart => write!(f, "Окончание раньше начала: поменяйте даты местами."),
            Problem::LessonEndsBeforeStart => {
                write!(f, "Урок должен заканчиваться позже, чем начинается: проверьте время.")
            }
            Problem::OutsideYear { year } => {
                write!(f, "Даты выходят за границы учебного года {year}.")
            }
            Problem::YearNameFormat => {
                write!(f, "Название года пишется как «2026-2027»: два года подряд через дефис.")
            }
            Problem::YearNameMismatch { expected } => write!(
                f,
                "Название не совпадает с датами года: по датам это «{expected}»."
            ),
            Problem::YearSpan => write!(
                f,
                "Учебный год начинается в одном календарном году и кончается в следующем."
            ),
            Problem::PeriodsOutsideYear { names } => write!(
                f,
                "С такими датами вне года окажутся: {names}. Сначала измените их даты или удалите их."
            ),
            Problem::DuplicateName { name } => {
                write!(f, "«{name}» уже есть: выберите другое название.")
            }
            Problem::TermsOverlap { other } => {
                write!(f, "Период пересекается с периодом «{other}» той же схемы.")
            }
            Problem::BellsOverlap { other } => write!(f, "Урок пересекается с уроком №{other}."),
            Problem::BellNumberOrder => write!(
                f,
                "Номера уроков должны идти по порядку без повторов, а время — по возрастанию."
            ),
            Problem::DuplicateRoomNumber { number } => {
                write!(f, "Кабинет с номером «{number}» уже есть.")
            }
            Problem::SubjectInUse { uses } => write!(
                f,
                "Предмет используется ({uses} записей), удалить его нельзя. Его можно скрыть."
            ),
            Problem::ShiftAboveSchool { shifts } => write!(
                f,
                "В школе {shifts} смен(ы): смена расписания не может быть больше."
            ),
            Problem::LicenceExpired => write!(f, "Срок действия истёк."),
            Problem::ShortBreak { minutes, after } => {
                write!(f, "Перемена после урока №{after} — {minutes} мин., меньше 10 минут.")
            }
            Problem::LongLesson { minutes } => {
                write!(f, "Урок длится {minutes} мин., дольше 45 минут.")
            }
            Problem::DayPastMidnight { lessons } => write!(
                f,
                "{lessons}-й урок закончился бы после полуночи: начните день раньше, сократите \
                 уроки и перемены или уменьшите число уроков."
            ),
            Problem::NotLessonNumbers { value } => write!(
                f,
                "«{value}» — не номера уроков: перечислите их через запятую, например 2, 3."
            ),
            Problem::UnknownFileType { name } => write!(
                f,
                "Файл «{name}» не похож на таблицу. Подойдут .xlsx, .xls, .ods и .csv."
            ),
            Problem::HtmlSpreadsheet => write!(
                f,
                "Это веб-страница, сохранённая как таблица. Откройте файл в Excel или LibreOffice \
                 и сохраните его как .xlsx."
            ),
            Problem::UnreadableSpreadsheet { detail } => write!(
                f,
                "Файл не удалось прочитать как таблицу ({detail}). Откройте его в Excel или \
                 LibreOffice и сохраните заново как .xlsx."
            ),
            Problem::NoHeaderRow { expected } => write!(
                f,
                "Не найдена строка заголовков: ожидаются столбцы {expected}. Сверьте файл с \
                 шаблоном программы."
            ),
            Problem::MissingColumn { name } => write!(
                f,
                "Нет обязательного столбца «{name}». Добавьте его в строку заголовков или \
                 возьмите шаблон программы."
            ),
            Problem::DuplicateColumn { name } => {
                write!(f, "Столбец «{name}» встречается дважды: оставьте один.")
            }
            Problem::EmptyCell => write!(f, "Не заполнено, а столбец обязательный."),
            Problem::NotADate { value } => write!(
                f,
                "«{value}» — не дата. Пишите дату как дд.мм.гггг, например 01.09.2015."
            ),
            Problem::NoSuchDate { value } => {
                write!(f, "{value} — нет такой даты. Проверьте день и месяц.")
            }
            Problem::ImplausibleYear { value } => write!(
                f,
                "{value} — год вне 1900–2100, вероятно, опечатка. Проверьте год."
            ),
            Problem::NotASex { value } => {
                write!(f, "«{value}» — пол указывается буквой «м» или «ж».")
            }
            Problem::NotAnInteger { value } => write!(f, "«{value}» — нужно целое число."),
            Problem::NotAPositiveNumber { value } => write!(
                f,
                "«{value}» — нужно число больше нуля, например 1 или 0,5."
            ),
            Problem::NotInList { value, choices } => {
                write!(f, "«{value}» — такого значения нет. Допустимо: {choices}.")
            }
            Problem::LatinInName { value, at } => {
                let letter = value.chars().nth(at.saturating_sub(1)).unwrap_or('?');
                match crate::exchange::russian_look_alike(letter) {
                    Some(r) => write!(
                        f,
                        "«{value}»: на {at}-м месте латинская буква «{letter}», а не русская \
                         «{r}». Замените её русской."
                    ),
                    None => write!(
                        f,
                        "«{value}»: на {at}-м месте латинская буква «{letter}» среди русских. \
                         Замените её русской."
                    ),
                }
            }
            Problem::BadCharInName { value, ch } => write!(
                f,
                "«{value}»: знак «{ch}» в имени недопустим. Оставьте только буквы, пробел и дефис."
            ),
            Problem::NameInLatin { value } => write!(
                f,
                "«{value}» записано латиницей. Проверьте, так ли в документах."
            ),
            Problem::NamePartsMissing { value, parts } => write!(
                f,
                "«{value}»: не хватает частей имени. Ожидается «{parts}» через пробел \
                 (последняя часть — если есть)."
            ),
            Problem::SnilsCheckNumber => write!(
                f,
                "Контрольное число СНИЛС не сходится: проверьте, нет ли опечатки."
            ),
            Problem::DuplicateSnils { name } => write!(
                f,
                "Этот СНИЛС уже записан у «{name}». Проверьте номер или откройте ту запись."
            ),
            Problem::BirthDateInFuture => {
                write!(f, "Дата рождения ещё не наступила: проверьте год.")
            }
            Problem::BeforeBirth => write!(
                f,
                "Дата зачисления раньше даты рождения: проверьте обе даты."
            ),
            Problem::DateInFuture => write!(f, "Эта дата ещё не наступила: проверьте её."),
            Problem::PedagogicalExperienceLonger => write!(
                f,
                "Педагогический стаж не может быть больше общего: начало педагогического стажа \
                 раньше начала общего. Проверьте обе даты."
            ),
            Problem::CategoryDateWithoutCategory => write!(
                f,
                "Дата присвоения указана, а категория — «Без категории». Выберите категорию \
                 или сотрите дату."
            ),
            Problem::SexDisagreesWithPatronymic { sex } => write!(
                f,
                "Указан {sex} пол, а отчество говорит о другом. Проверьте пол и отчество."
            ),
            Problem::UnusualAge { age, on } => write!(
                f,
                "На {on} возраст {age} (обычно от 5 до 20 лет): проверьте год рождения."
            ),
            Problem::BadRate => write!(
                f,
                "Ставка — число больше 0 и не больше 3, например 1, 0,5 или 1,25."
            ),
            Problem::LeaveBeforeHire => write!(
                f,
                "Дата увольнения раньше даты приёма: проверьте даты."
            ),
            Problem::PositionInUse { uses } => write!(
                f,
                "Должность занимают или занимали сотрудники ({uses} назначений), удалить её нельзя."
            ),
            Problem::StaffInUse { uses } => write!(
                f,
                "Сотрудник указан в других записях ({uses}), например классным руководителем, \
                 поэтому удалить его нельзя. Если он уволился, укажите дату увольнения."
            ),
            Problem::LeavingClassTeacher { classes } => write!(
                f,
                "Сотрудник — классный руководитель ({classes}). Назначьте классу другого \
                 классного руководителя."
            ),
            Problem::ClassLetter => write!(
                f,
                "Литера — одна-три русские буквы или цифры, например «А»; может быть пустой."
            ),
            Problem::DuplicateClass { label } => write!(
                f,
                "Класс «{label}» в этом учебном году уже есть: выберите другую литеру."
            ),
            Problem::ProfileOnlySenior => {
                write!(f, "Профиль обучения бывает только у 10 и 11 классов.")
            }
            Problem::ProfileRequired => {
                write!(f, "У профильного класса укажите профиль обучения.")
            }
            Problem::OtherYear => write!(
                f,
                "Выбранное относится к другому учебному году: выберите из года класса."
            ),
            Problem::ClassTeacherLeft { name } => write!(
                f,
                "{name} не работает в школе (уволен(а)): классным руководителем может быть \
                 только работающий сотрудник."
            ),
            Problem::GradeOfJointSplit { split } => write!(
                f,
                "Класс входит в общее деление на подгруппы «{split}» с классами той же параллели: \
                 сначала удалите это деление, потом меняйте параллель."
            ),
            Problem::ClassNotEmpty { students } => write!(
                f,
                "В классе есть обучающиеся ({students}): сначала переведите их или оформите выбытие."
            ),
            Problem::DuplicateFileNumber { number, name } => write!(
                f,
                "Личное дело № «{number}» уже есть: {name}. У каждого обучающегося свой номер."
            ),
            Problem::ConsentOfOnePerson => write!(
                f,
                "Согласие даёт один человек: обучающийся или один из законных представителей."
            ),
            Problem::StudentRepeated { row, name } => write!(
                f,
                "Строка {row} — о том же обучающемся ({name}, та же дата рождения): у каждого \
                 обучающегося одна строка. Удалите лишнюю строку."
            ),
            Problem::StudentDeparted { name, on } => write!(
                f,
                "{name} выбыл(а) из школы {on}. Если обучающийся вернулся, оформите его \
                 прибытие (карточка ученика, «Движение») и загрузите файл снова; иначе удалите \
                 строку."
            ),
            Problem::ImportCancelled => {
                write!(f, "Импорт отменён, в базе ничего не изменилось.")
            }
            Problem::FileNumberPattern { detail } => write!(
                f,
                "Шаблон номера личного дела: {detail}. Пример: «{{буква}}/{{n}}» — первая буква \
                 фамилии и следующий номер этой буквы («В/13»)."
            ),
            Problem::ClassTooBig {
                label,
                before,
                after,
                limit,
                primary,
            } => {
                let whose = if *primary {
                    "предел для 1–4 классов"
                } else {
                    "наибольшая наполняемость класса в карте школы"
                };
                write!(
                    f,
                    "В {label} классе станет учеников: {after} (было {before}) — больше {limit}, \
                     а это {whose}. Проверьте, тот ли это класс, или разделите список."
                )
            }
            Problem::ClassWithoutTermScheme { label } => write!(
                f,
                "У {label} класса не выбраны учебные периоды, поэтому отметки ставятся только \
                 за год. Выберите шаблон периодов (четверти, полугодия) в столбце «Учебные \
                 периоды» на экране «Классы»."
            ),
            Problem::YearWithoutTermSchemes { year } => write!(
                f,
                "В {year} учебном году нет учебных периодов (четвертей, полугодий), поэтому \
                 отметки ставятся только за год. Создайте шаблоны периодов на экране «Учебные \
                 годы и периоды», затем выберите их классам."
            ),
            Problem::ClassWithoutCurriculum { label } => write!(
                f,
                "У {label} класса нет учебного плана, поэтому нет и предметов. Назначьте классу \
                 план на экране «Учебные планы»."
            ),
            Problem::YearWithoutBells { year } => write!(
                f,
                "В {year} учебном году нет расписания звонков, поэтому в неделях классов нет \
                 уроков. Составьте его на экране «Расписание звонков», затем выберите классам."
            ),
            Problem::ClassWithoutLoad { label } => write!(
                f,
                "Учителя {label} класса ещё не назначены, поэтому ставить в расписание нечего. \
                 Распределите нагрузку на экране «Нагрузка»."
            ),
            Problem::FileNumberRepeated { number, row } => write!(
                f,
                "Личное дело № «{number}» уже есть в строке {row} этого файла. У каждого \
                 обучающегося свой номер."
            ),
            // What the user can do about it is added where it is seen: the app names its
            // controls, the CLI its flags (`Preview::with_remedies`).
            Problem::UnknownClass { label } => {
                write!(f, "Класса «{label}» в текущем учебном году нет.")
            }
            Problem::UnknownClassInYear { label, year } => {
                write!(f, "Класса «{label}» в {year} учебном году нет.")
            }
            Problem::NotAClass { value } => write!(
                f,
                "«{value}» — не класс. Пишите класс как «5 А», «5А» или «5-а»."
            ),
            Problem::ClassNotGiven => {
                write!(f, "Не указан класс: неясно, в какой класс загружать ученика.")
            }
            Problem::NoCurrentYear => write!(
                f,
                "Не задан текущий учебный год: создайте его, затем загружайте список."
            ),
            Problem::UnknownPosition { name, known } => write!(
                f,
                "Должности «{name}» нет в справочнике. Есть: {known}."
            ),
            Problem::StaffRowsDisagree { row, value } => write!(
                f,
                "Этот сотрудник уже есть в строке {row} этого файла, а там в этом столбце «{value}». \
                 Строки одного сотрудника должны совпадать во всём, кроме должности, ставки и \
                 приёма."
            ),
            Problem::PositionRepeated { position, row } => write!(
                f,
                "Должность «{position}» у этого сотрудника уже указана в строке {row} этого \
                 файла. Одна должность — одна строка."
            ),
            Problem::SameStaffMemberTwice { row, name } => write!(
                f,
                "Эта строка и строка {row} относятся к одному сотруднику базы, «{name}», но в \
                 них разные СНИЛС или дата рождения. Исправьте одну из них."
            ),
            Problem::StaffRowNotImported { rows } => write!(
                f,
                "Сотрудник не загружается из-за ошибок в строке {rows}: исправьте их."
            ),
            Problem::MandatoryNeedsSubject => write!(
                f,
                "Строка обязательной части — учебный предмет: выберите предмет из списка."
            ),
            Problem::LineWithoutName => write!(
                f,
                "Выберите предмет или впишите название курса."
            ),
            Problem::DuplicateLine { name } => write!(
                f,
                "«{name}» уже есть в этой части плана: оставьте одну строку и поправьте часы в ней."
            ),
            Problem::BadHours { max } => write!(
                f,
                "Часы в неделю — число от 0 до {max}, целое или с половиной: 0,5; 1; 1,5…"
            ),
            Problem::NoHours => write!(
                f,
                "Укажите часы хотя бы в одном полугодии или удалите строку."
            ),
            Problem::AboveSanitaryMax {
                half,
                hours,
                max,
                grade,
                week_days,
            } => write!(
                f,
                "В {half}-м полугодии {hours} ч в неделю — больше допустимых {max} ч для \
                 {grade} класса при {week_days}-дневной неделе (СанПиН 1.2.3685-21, табл. 6.6). \
                 Уменьшите часы части, формируемой участниками."
            ),
            Problem::TemplateOtherGrade { template, class } => write!(
                f,
                "Шаблон «{template}» составлен для другой параллели, чем класс {class}: выберите \
                 шаблон параллели класса или скопируйте этот шаблон в нужную параллель."
            ),
            Problem::NotATemplate => write!(
                f,
                "Назначить классу можно только шаблон учебного плана: выберите шаблон."
            ),
            Problem::StudentNotInYear => write!(
                f,
                "Обучающийся не зачислен ни в один класс этого учебного года: ИУП составляется \
                 для ученика класса. Сначала зачислите его в класс."
            ),
            Problem::CurriculumExists { what } => write!(
                f,
                "У {what} учебный план уже есть: откройте его и измените."
            ),
            Problem::ProfileMismatch { template, class } => write!(
                f,
                "Профиль шаблона «{template}» не совпадает с профилем класса {class}: проверьте, \
                 тот ли шаблон выбран."
            ),
            Problem::UnknownLevel { value } => write!(
                f,
                "«{value}» — не уровень образования. Укажите 1-4, 5-9 или 10-11."
            ),
            Problem::CurriculumMoved => write!(
                f,
                "Учебный план не переносится в другой год, другому классу или ученику: \
                 создайте новый или скопируйте этот."
            ),
            Problem::SplitGrades { labels } => write!(
                f,
                "Вместе делятся только классы одной параллели, а выбраны {labels}. \
                 Выберите классы одной параллели."
            ),
            Problem::AlreadySplit { label, subject } => write!(
                f,
                "Класс {label} уже разделён на подгруппы по предмету «{subject}»: откройте \
                 это деление в списке."
            ),
            Problem::SplitBySexNeedsTwo => write!(
                f,
                "По полу делят на две подгруппы: мальчики и девочки. Укажите две подгруппы."
            ),
            Problem::NotInSplit { name } => write!(
                f,
                "{name} не учится в классах этого деления: сначала переведите ученика в класс."
            ),
            Problem::TooFewSubgroups => write!(
                f,
                "Подгрупп должно быть не меньше двух. Чтобы не делить класс, удалите деление целиком."
            ),
            Problem::LoadNotOfClass => write!(
                f,
                "Нагрузка распределяется по учебным планам классов: выберите строку плана класса."
            ),
            Problem::TeacherLeft { name } => write!(
                f,
                "{name} уже не работает в школе: нагрузку назначить нельзя. Выберите другого учителя."
            ),
            Problem::SubjectSplitForClass { class, subject } => write!(
                f,
                "В классе {class} предмет «{subject}» делится на подгруппы: назначьте учителя \
                 каждой подгруппе."
            ),
            Problem::SubgroupNotOfLine { class, subject } => write!(
                f,
                "Это не подгруппа класса {class} по предмету «{subject}»: выберите подгруппу \
                 из деления этого класса."
            ),
            Problem::LoadAboveLine { assigned, line } => write!(
                f,
                "По учебному плану {line} ч. в неделю, другим учителям уже назначено {assigned} ч.: \
                 больше назначить нельзя. Уменьшите часы."
            ),
            Problem::LoadUnassigned { what, hours } => {
                write!(f, "{what}: не назначено {hours} ч. в неделю.")
            }
            Problem::LoadOverAssigned { what, hours } => write!(
                f,
                "{what}: назначено на {hours} ч. в неделю больше, чем по учебному плану. \
                 Уменьшите часы учителя."
            ),
            Problem::LoadMisplaced { what } => write!(
                f,
                "{what}: нагрузка назначена не так, как класс сейчас делится на подгруппы. \
                 Назначьте учителей заново."
            ),
            Problem::LoadOfTeacherWhoLeft { name, hours } => write!(
                f,
                "{name} уже не работает в школе, а за ним(ней) {hours} ч. в неделю: передайте \
                 часы другому учителю."
            ),
            Problem::LoadWithoutTeachingPosition { name } => write!(
                f,
                "{name} не занимает педагогической должности: проверьте назначение сотрудника."
            ),
            Problem::TeacherAboveMaxHours { name, hours, max } => write!(
                f,
                "{name}: {hours} ч. в неделю — больше {max}. Передайте часть часов другим учителям."
            ),
            Problem::DocumentMissing { path } => write!(
                f,
                "Файла «{path}» больше нет: его переместили или удалили. Напечатайте документ ещё раз."
            ),
            Problem::NotADocument { path } => write!(
                f,
                "«{path}» — не документ PDF или Excel: программа открывает только свои документы."
            ),
            Problem::NotAReportFormat { path } => write!(
                f,
                "«{path}»: отчёт сохраняется в PDF (.pdf) или Excel (.xlsx) — укажите файл с одним из этих расширений."
            ),
            Problem::CannotOpenDocument { path, detail } => write!(
                f,
                "Не удалось открыть «{path}»: {detail} Откройте файл из его папки сами."
            ),
            Problem::OpenerMissing {
                program,
                package,
                folder,
            } => write!(
                f,
                "В системе нет программы {program}, через которую «Завуч» открывает документы \
                 и папки. Установите пакет {package} или откройте документ сами: он в папке \
                 «{folder}»."
            ),
            Problem::NoProgramForDocument {
                name,
                folder,
                spreadsheet,
            } => {
                let program = if *spreadsheet {
                    "для таблиц Excel (например, LibreOffice)"
                } else {
                    "для просмотра PDF (например, Okular, Evince или браузер)"
                };
                write!(
                    f,
                    "Не нашлось программы, которая открывает «{name}». Установите программу \
                     {program} или откройте файл сами: он в папке «{folder}»."
                )
            }
            Problem::NoFileManager { folder } => write!(
                f,
                "Не нашлось программы, которая показывает папки. Документ в папке «{folder}»: \
                 откройте её в файловом менеджере сами."
            ),
            Problem::TeacherBusy {
                teacher,
                class,
                when,
            } => write!(
                f,
                "{teacher} в это время ведёт урок в {class} ({when}). Выберите другое время \
                 или другого учителя."
            ),
            Problem::RoomBusy { room, class, when } => write!(
                f,
                "Кабинет {room} в это время занят: урок {class} ({when}). Выберите другой кабинет."
            ),
            Problem::ClassBusy {
                class,
                subject,
                when,
            } => write!(
                f,
                "У {class} в это время уже урок «{subject}» ({when}). Два урока одновременно \
                 бывают только у разных подгрупп одного деления."
            ),
            Problem::NoSuchLessonNumber {
                class,
                lesson,
                schedule,
            } => write!(
                f,
                "У {class} нет {lesson}-го урока: его нет в расписании звонков «{schedule}». \
                 Выберите урок из расписания звонков класса."
            ),
            Problem::ClassWithoutBells { class } => write!(
                f,
                "Классу {class} не назначено расписание звонков: выберите его в карточке класса."
            ),
            Problem::DayOutsideWeek { day, week_days } => write!(
                f,
                "{day} — не учебный день: в школе {week_days}-дневная учебная неделя."
            ),
            Problem::LessonTeacherLeft { name } => write!(
                f,
                "{name} уже не работает в школе: урок с ним поставить нельзя. Передайте его \
                 нагрузку другому учителю."
            ),
            Problem::AboveDailyLimit {
                class,
                day_at,
                lessons,
                max,
                source,
            } => write!(
                f,
                "У {class} {day_at} {lessons} уроков — больше допустимых {max} ({source}). \
                 Перенесите урок на другой день."
            ),
            Problem::PlacedDiffersFromLoad {
                what,
                placed,
                hours,
                half,
            } => write!(
                f,
                "{what}: в расписании {placed} ур. в неделю, а по нагрузке {hours} ч \
                 ({half}-е полугодие)."
            ),
            Problem::DifficultyPeak {
                class,
                day,
                peak,
                midweek,
            } => write!(
                f,
                "У {class} самый трудный день — {day} ({peak} баллов), а во вторник и среду \
                 не больше {midweek}: по СанПиН 1.2.3685-21 наибольшая нагрузка должна \
                 приходиться на вторник и (или) среду."
            ),
            Problem::SubjectTwiceADay {
                class,
                subject,
                day_at,
                count,
            } => write!(
                f,
                "У {class} {day_at} «{subject}» {count} раза: проверьте, так ли задумано \
                 (например, спаренный урок)."
            ),
            Problem::TeacherGaps {
                teacher,
                day_at,
                gaps,
            } => write!(
                f,
                "{teacher}: {day_at} окна между уроками — {gaps}."
            ),
            Problem::SubstitutionWrongDay { date, day } => write!(
                f,
                "{date} — {day}, а этот урок стоит в расписании в другой день. Выберите урок \
                 этого дня."
            ),
            Problem::SubstitutionChangesNothing => write!(
                f,
                "Замена ничего не меняет: укажите другого учителя, кабинет или предмет."
            ),
            Problem::SubstituteBusy {
                teacher,
                class,
                lesson,
            } => write!(
                f,
                "{teacher} в это время ({lesson} урок) ведёт урок в {class}. Выберите другого \
                 учителя."
            ),
            Problem::SubstituteRoomBusy {
                room,
                class,
                lesson,
            } => write!(
                f,
                "Кабинет {room} в это время ({lesson} урок) занят: урок {class}. Выберите \
                 другой кабинет."
            ),
            Problem::LessonNotInHalf { half } => write!(
                f,
                "Этот урок идёт только в {half}-м полугодии, а дата — в другом. Проверьте дату."
            ),
            Problem::ThematicNumberGap { expected } => write!(
                f,
                "Здесь должен быть урок № {expected}: уроки нумеруются подряд, без пропусков и повторов."
            ),
            Problem::NoSectionName => write!(
                f,
                "Не указан раздел: впишите его название в первой строке плана (пустая ячейка ниже значит «тот же раздел»)."
            ),
            Problem::DateOutsideYear { date, year } => {
                write!(f, "{date} — вне учебного года {year}. Укажите дату этого года.")
            }
            Problem::DateOnHoliday { date, holiday } => write!(
                f,
                "{date} — каникулы («{holiday}»), уроков нет. Укажите учебный день."
            ),
            Problem::ThematicPlanExists { what } => write!(
                f,
                "План {what} уже есть: откройте его, или удалите, чтобы составить заново."
            ),
            Problem::NoLessonsInTimetable { what } => write!(
                f,
                "В расписании нет уроков {what}: сначала поставьте их в расписание, затем распределите даты."
            ),
            Problem::LessonDatesShort { topics } => write!(
                f,
                "Уроков по расписанию до конца года не хватило: темам № {topics} поставьте даты вручную или уменьшите часы."
            ),
            Problem::PlanHoursDiffer {
                plan,
                curriculum,
                difference,
            } => write!(
                f,
                "В плане {plan} ч, а по учебному плану {curriculum} ч в год (разница {difference} ч). Скопируйте всё равно и поправьте темы, или возьмите другой план."
            ),
            Problem::CopyOtherGrade { class } => write!(
                f,
                "{class} — класс другой параллели: план копируется только в класс той же параллели."
            ),
            Problem::NoLastYearPlan { what } => write!(
                f,
                "В прошлом учебном году нет плана {what}: составьте план или загрузите его из файла."
            ),
            Problem::UnknownSubjectName { name } => write!(
                f,
                "Предмета «{name}» нет в справочнике: проверьте название (как в «Предметах»)."
            ),
            Problem::UnknownSubgroup { name, what, known } => write!(
                f,
                "Подгруппы «{name}» у {what} нет. Подгруппы: {known}."
            ),
            Problem::NoThematicPlan { what } => write!(
                f,
                "Плана {what} ещё нет: составьте его или загрузите из файла."
            ),
            Problem::ThematicTopicsRemoved { numbers } => write!(
                f,
                "Уроков № {numbers} нет в файле: после загрузки их не будет в плане."
            ),
            Problem::NoMarksInGrade1 { class } => write!(
                f,
                "В {class} классе отметки не ставятся: в 1 классе обучение безотметочное."
            ),
            Problem::PeriodClosed { period, class } => write!(
                f,
                "Период «{period}» у {class} класса закрыт: отметки и пропуски не меняются. \
                 Чтобы исправить, откройте период заново (с указанием причины)."
            ),
            Problem::PeriodNotClosed { period, class } => write!(
                f,
                "Период «{period}» у {class} класса не закрыт: открывать заново нечего."
            ),
            Problem::UnknownPeriod { name, known } => write!(
                f,
                "Периода «{name}» нет. Периоды: {known}."
            ),
            Problem::NotAMark { text } => write!(
                f,
                "«{text}» — не отметка. Допустимо: 5, 4, 3, 2, зачтено (зч), не зачтено (нз), \
                 н/а, осв; пустая клетка — отметки нет."
            ),
            Problem::MarkKindMismatch {
                value,
                subject,
                expected,
            } => write!(
                f,
                "«{value}» не подходит для предмета «{subject}»: по нему ставится {expected}."
            ),
            Problem::SubjectNotStudied { subject, student } => write!(
                f,
                "Предмета «{subject}» нет в учебном плане ученика {student} в этом периоде."
            ),
            Problem::StudentNotInClass { student, class } => write!(
                f,
                "Ученик {student} не числится в {class} классе в этом учебном году."
            ),
            Problem::IllnessAboveMissed => write!(
                f,
                "Пропусков по болезни не может быть больше, чем всего пропущено уроков."
            ),
            Problem::DistrictUrlUnreadable => write!(
                f,
                "Адрес не читается. Впишите его так, как дало управление образования: \
                 postgresql://пользователь@сервер:5432/база — или оставьте поле пустым."
            ),
            Problem::DistrictNoUrl => write!(
                f,
                "В карте школы не указан адрес сервера управления образования: впишите его, как \
                 дало управление образования, в разделе «Карта школы»."
            ),
            Problem::DistrictUrlWithPassword => write!(
                f,
                "В адресе записан пароль, а карта школы хранится в файле и его копиях. \
                 Уберите пароль из адреса: программа спросит его при отправке."
            ),
            Problem::DistrictNoInn => write!(
                f,
                "В карте школы не заполнен ИНН: управление образования различает школы по ИНН. \
                 Заполните его в разделе «Школа» или командой `zavuch-cli school set --inn …`."
            ),
            Problem::NoTermBegunBy { date } => write!(
                f,
                "На {date} не начался ни один учебный период: итогов успеваемости на этот день \
                 ещё нет."
            ),
            Problem::ReportDayOutsideYear { date, year } => write!(
                f,
                "{date} — вне учебного года {year}: отчёты для управления образования \
                 составляются на день этого учебного года."
            ),
            Problem::PackageFolderTaken { folder } => write!(
                f,
                "Папка «{folder}» уже есть, и в ней не пакет отчётов: уберите её или выберите \
                 для пакета другое место."
            ),
            Problem::NoTermBegun { year } => write!(
                f,
                "В {year} учебном году ещё не начался ни один учебный период: укажите период, \
                 например «1 четверть»."
            ),
            Problem::StudentWithoutClass { student, year } => write!(
                f,
                "{student} не числится ни в одном классе в {year} учебном году: отметок за этот год нет."
            ),
            Problem::AbsencesOnlyPerTerm => write!(
                f,
                "Пропуски уроков учитываются по четвертям (триместрам, полугодиям), а не за год."
            ),
            Problem::MarkStudentUnknown { who, class, period } => write!(
                f,
                "{who} — такого ученика нет в списке {class} класса за период «{period}». \
                 Проверьте ФИО и № личного дела (как в списке класса) и класс, в который \
                 загружается файл."
            ),
            Problem::MarkStudentAmbiguous { name, class } => write!(
                f,
                "В {class} классе несколько учеников «{name}»: укажите № личного дела, чтобы \
                 было ясно, чьи это отметки."
            ),
            Problem::MarkFileNumberOfOther {
                number,
                owner,
                name,
            } => write!(
                f,
                "№ личного дела {number} — у ученика {owner}, а в строке {name}. Проверьте \
                 номер или ФИО."
            ),
            Problem::MarkFileNumberUnknown {
                number,
                name,
                stored,
            } => {
                let card = if stored.is_empty() {
                    "в карточке номера нет".to_string()
                } else {
                    format!("в карточке — {stored}")
                };
                write!(
                    f,
                    "№ личного дела {number} в классе не найден; ученик {name} найден по ФИО, \
                     отметки загружаются ему ({card}). Проверьте номер."
                )
            }
            Problem::MarkRowNoStudent => write!(
                f,
                "В строке нет ни ФИО, ни № личного дела: неясно, чьи это отметки. Впишите \
                 ученика или удалите строку."
            ),
            Problem::MarkRowRepeated { row, name } => write!(
                f,
                "Ученик {name} уже есть в строке {row}: у каждого ученика одна строка. Удалите \
                 лишнюю."
            ),
            Problem::MarkSubjectColumnUnknown {
                name,
                class,
                period,
                known,
            } => write!(
                f,
                "«{name}» — такого предмета у {class} класса в периоде «{period}» нет. \
                 Предметы: {known}. Назовите столбец как предмет (полным или кратким \
                 названием) или удалите его."
            ),
            Problem::PeriodClosedNowhere { period } => write!(
                f,
                "Период «{period}» не закрыт ни у одного класса: открывать заново нечего."
            ),
            Problem::ArchiveFolderTaken { folder } => write!(
                f,
                "В папке «{folder}» уже есть архивная копия (файл manifest-sha256.txt). \
                 Выберите для новой копии пустую папку, чтобы не затереть прежнюю."
            ),
            Problem::ArchiveSameFolder => write!(
                f,
                "Вторая папка совпадает с первой. Для второй копии выберите другую папку, \
                 лучше на другом диске или флешке."
            ),
            Problem::ArchiveNoManifest { folder } => write!(
                f,
                "В папке «{folder}» нет файла manifest-sha256.txt: это не архивная копия \
                 или опись удалена. Выберите папку архивной копии."
            ),
            Problem::ArchiveManifestLine { line } => write!(
                f,
                "Строка {line} файла manifest-sha256.txt испорчена: ожидается контрольная \
                 сумма SHA-256, два пробела и имя файла. Опись изменена — проверьте папку \
                 по второй копии."
            ),
            Problem::ArchiveDamaged { folder, files } => write!(
                f,
                "Архивная копия в папке «{folder}» не совпадает с описью: {files}. Возьмите \
                 эти файлы из второй копии или сделайте копию заново."
            ),
            Problem::PrintCancelled { done, total } => write!(
                f,
                "Печать остановлена: напечатано классов {done} из {total}. Уже сохранённые \
                 файлы остались в папке; чтобы напечатать все, начните печать заново."
            ),
            Problem::Movement(p) => fmt::Display::fmt(p, f),
            Problem::Staff(p) => fmt::Display::fmt(p, f),
            Problem::YearEnd(p) => fmt::Display::fmt(p, f),
            Problem::Backup(p) => fmt::Display::fmt(p, f),
            Problem::Storage(p) => fmt::Display::fmt(p, f),
        }
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
    Db(#[from] rusqlite::Error),
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
