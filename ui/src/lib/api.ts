// The one typed door to the Rust side: every Tauri command of the spec, each returning a Result
// whose error is the core's ErrorPayload (code, Russian message, field errors).
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { AcademicYear } from './bindings/AcademicYear';
import type { AppState } from './bindings/AppState';
import type { BellSchedule } from './bindings/BellSchedule';
import type { Class } from './bindings/Class';
import type { ClassRow } from './bindings/ClassRow';
import type { Consent } from './bindings/Consent';
import type { Credential } from './bindings/Credential';
import type { Curriculum } from './bindings/Curriculum';
import type { CurriculumSummary } from './bindings/CurriculumSummary';
import type { Equipment } from './bindings/Equipment';
import type { Fill } from './bindings/Fill';
import type { ErrorPayload } from './bindings/ErrorPayload';
import type { Guardian } from './bindings/Guardian';
import type { Holiday } from './bindings/Holiday';
import type { Level } from './bindings/Level';
import type { LoadCheck } from './bindings/LoadCheck';
import type { LoadGrid } from './bindings/LoadGrid';
import type { LoadInput } from './bindings/LoadInput';
import type { LoadLine } from './bindings/LoadLine';
import type { LoadUnit } from './bindings/LoadUnit';
import type { MissingConsent } from './bindings/MissingConsent';
import type { NewSplit } from './bindings/NewSplit';
import type { Reference } from './bindings/Reference';
import type { Preview } from './bindings/Preview';
import type { Relation } from './bindings/Relation';
import type { Room } from './bindings/Room';
import type { RosterOptions } from './bindings/RosterOptions';
import type { Saved } from './bindings/Saved';
import type { School } from './bindings/School';
import type { SplitDetail } from './bindings/SplitDetail';
import type { SplitRow } from './bindings/SplitRow';
import type { StaffImportOptions } from './bindings/StaffImportOptions';
import type { StaffListItem } from './bindings/StaffListItem';
import type { StaffMember } from './bindings/StaffMember';
import type { StaffPosition } from './bindings/StaffPosition';
import type { Student } from './bindings/Student';
import type { StudentGuardian } from './bindings/StudentGuardian';
import type { StudentRow } from './bindings/StudentRow';
import type { Subgroup } from './bindings/Subgroup';
import type { Subject } from './bindings/Subject';
import type { TeacherLoad } from './bindings/TeacherLoad';
import type { TeacherOption } from './bindings/TeacherOption';
import type { TermScheme } from './bindings/TermScheme';
import type { YearDetail } from './bindings/YearDetail';
import type { DaySubstitutions } from './bindings/DaySubstitutions';
import type { EditCheck } from './bindings/EditCheck';
import type { Lesson } from './bindings/Lesson';
import type { LessonInput } from './bindings/LessonInput';
import type { SchoolSheet } from './bindings/SchoolSheet';
import type { Substitution } from './bindings/Substitution';
import type { SubstitutionCount } from './bindings/SubstitutionCount';
import type { SubstitutionInput } from './bindings/SubstitutionInput';
import type { TimetableCheck } from './bindings/TimetableCheck';
import type { ToPlace } from './bindings/ToPlace';
import type { WeekView } from './bindings/WeekView';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

function isPayload(e: unknown): e is ErrorPayload {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ErrorPayload).code === 'string' &&
    typeof (e as ErrorPayload).message === 'string'
  );
}

/** Whatever a rejected invoke carries, as an ErrorPayload. */
export function toPayload(e: unknown): ErrorPayload {
  if (isPayload(e)) {
    return { code: e.code, message: e.message, fields: Array.isArray(e.fields) ? e.fields : [] };
  }
  if (!('__TAURI_INTERNALS__' in window)) {
    return {
      code: 'no_backend',
      message: 'Интерфейс открыт вне программы «Завуч»: данные школы недоступны.',
      fields: [],
    };
  }
  const text = typeof e === 'string' ? e : e instanceof Error ? e.message : String(e);
  return { code: 'unexpected', message: `Непредвиденная ошибка: ${text}`, fields: [] };
}

async function call<T>(cmd: string, args?: InvokeArgs): Promise<Result<T>> {
  try {
    return { ok: true, value: await invoke<T>(cmd, args) };
  } catch (e) {
    return { ok: false, error: toPayload(e) };
  }
}

// app
export const appState = () => call<AppState>('app_state');
export const reference = () => call<Reference>('reference');
export const schoolFileDemo = () => call<AppState>('school_file_demo');
export const schoolFileInit = () => call<AppState>('school_file_init');
export const schoolFileOpen = (path: string) => call<AppState>('school_file_open', { path });
export const schoolFileCreate = (path: string) => call<AppState>('school_file_create', { path });

// school
export const schoolGet = () => call<School>('school_get');
export const schoolSave = (card: School) => call<School>('school_save', { card });
export const credentialList = () => call<Credential[]>('credential_list');
export const credentialSave = (credential: Credential) =>
  call<Saved<Credential>>('credential_save', { credential });
export const credentialDelete = (id: number) => call<null>('credential_delete', { id });

// years
export const yearList = () => call<AcademicYear[]>('year_list');
export const yearDetail = (id: number) => call<YearDetail>('year_detail', { id });
export const yearCreate = (year: AcademicYear) => call<YearDetail>('year_create', { year });
export const yearSave = (year: AcademicYear) => call<AcademicYear>('year_save', { year });
export const yearSetCurrent = (id: number) => call<null>('year_set_current', { id });
export const yearDefault = () => call<AcademicYear>('year_default');
export const termSchemeSave = (scheme: TermScheme) => call<TermScheme>('term_scheme_save', { scheme });
export const termSchemeDelete = (id: number) => call<null>('term_scheme_delete', { id });
export const holidaySave = (holiday: Holiday) => call<Holiday>('holiday_save', { holiday });
export const holidayDelete = (id: number) => call<null>('holiday_delete', { id });

// bells
export const bellScheduleList = (yearId: number) => call<BellSchedule[]>('bell_schedule_list', { yearId });
export const bellScheduleSave = (schedule: BellSchedule) =>
  call<Saved<BellSchedule>>('bell_schedule_save', { schedule });
export const bellScheduleCopy = (id: number, newName: string) =>
  call<BellSchedule>('bell_schedule_copy', { id, newName });
export const bellScheduleDelete = (id: number) => call<null>('bell_schedule_delete', { id });

// rooms
export const roomList = () => call<Room[]>('room_list');
export const roomSave = (room: Room) => call<Room>('room_save', { room });
export const roomDelete = (id: number) => call<null>('room_delete', { id });
export const equipmentList = (roomId: number) => call<Equipment[]>('equipment_list', { roomId });
export const equipmentSave = (equipment: Equipment) => call<Equipment>('equipment_save', { equipment });
export const equipmentDelete = (id: number) => call<null>('equipment_delete', { id });

// subjects
export const subjectList = (includeHidden: boolean) => call<Subject[]>('subject_list', { includeHidden });
export const subjectSave = (subject: Subject) => call<Subject>('subject_save', { subject });
export const subjectDelete = (id: number) => call<null>('subject_delete', { id });

// staff
export const staffPositionList = () => call<StaffPosition[]>('staff_position_list');
export const staffPositionSave = (position: StaffPosition) =>
  call<StaffPosition>('staff_position_save', { position });
export const staffPositionDelete = (id: number) => call<null>('staff_position_delete', { id });
export const staffList = (includeLeft: boolean) => call<StaffListItem[]>('staff_list', { includeLeft });
export const staffGet = (id: number) => call<StaffMember>('staff_get', { id });
export const staffSave = (member: StaffMember) => call<Saved<StaffMember>>('staff_save', { member });
export const staffDelete = (id: number) => call<null>('staff_delete', { id });

// classes (of the current year)
export const classList = () => call<ClassRow[]>('class_list');
export const classInfo = (id: number) => call<ClassRow>('class_info', { id });
export const classGet = (id: number) => call<Class>('class_get', { id });
export const classSave = (cls: Class) => call<Saved<Class>>('class_save', { class: cls });
export const classDelete = (id: number) => call<null>('class_delete', { id });

// students, guardians, consents
export const studentList = (classId: number, includeDeparted: boolean) =>
  call<StudentRow[]>('student_list', { classId, includeDeparted });
export const studentWithoutClass = () => call<StudentRow[]>('student_without_class');
export const studentGet = (id: number) => call<Student>('student_get', { id });
export const studentSave = (student: Student) => call<Saved<Student>>('student_save', { student });
export const studentDelete = (id: number) => call<null>('student_delete', { id });
export const studentGuardians = (studentId: number) => call<StudentGuardian[]>('student_guardians', { studentId });
export const guardianChildren = (guardianId: number) => call<StudentRow[]>('guardian_children', { guardianId });
export const guardianFind = (text: string) => call<Guardian[]>('guardian_find', { text });
export const studentGuardianSave = (studentId: number, link: StudentGuardian) =>
  call<Saved<StudentGuardian>>('student_guardian_save', { studentId, link });
export const guardianLink = (studentId: number, guardianId: number, relation: Relation) =>
  call<null>('guardian_link', { studentId, guardianId, relation });
export const guardianUnlink = (studentId: number, guardianId: number) =>
  call<null>('guardian_unlink', { studentId, guardianId });
export const guardianDelete = (id: number) => call<null>('guardian_delete', { id });
export const studentConsents = (studentId: number) => call<Consent[]>('student_consents', { studentId });
export const guardianConsents = (guardianId: number) => call<Consent[]>('guardian_consents', { guardianId });
export const consentSave = (consent: Consent) => call<Consent>('consent_save', { consent });
export const consentDelete = (id: number) => call<null>('consent_delete', { id });
export const consentMissing = () => call<MissingConsent[]>('consent_missing');

// subgroups (splits of the current year)
export const subgroupSplitList = () => call<SplitRow[]>('subgroup_split_list');
export const subgroupSplitDetail = (id: number) => call<SplitDetail>('subgroup_split_detail', { id });
export const subgroupSplitCreate = (split: NewSplit) => call<SplitDetail>('subgroup_split_create', { split });
export const subgroupSplitFill = (id: number, fill: Fill) => call<SplitDetail>('subgroup_split_fill', { id, fill });
export const subgroupSplitDelete = (id: number) => call<null>('subgroup_split_delete', { id });
/** Puts a student into a subgroup of the split, or out of every one with `null`. */
export const subgroupMove = (splitId: number, studentId: number, subgroupId: number | null) =>
  call<SplitDetail>('subgroup_move', { splitId, studentId, subgroupId });
export const subgroupRename = (id: number, name: string) => call<Subgroup>('subgroup_rename', { id, name });
export const subgroupAdd = (splitId: number) => call<Subgroup>('subgroup_add', { splitId });
export const subgroupDelete = (id: number) => call<null>('subgroup_delete', { id });

// curricula of a year: templates, classes' curricula, individual ones
export const curriculumList = (yearId: number) => call<CurriculumSummary[]>('curriculum_list', { yearId });
export const curriculumGet = (id: number) => call<Curriculum>('curriculum_get', { id });
/** Totals, annual hours and warnings of the curriculum as typed; nothing is saved. */
export const curriculumPreview = (curriculum: Curriculum) =>
  call<Saved<Curriculum>>('curriculum_preview', { curriculum });
export const curriculumSave = (curriculum: Curriculum) => call<Saved<Curriculum>>('curriculum_save', { curriculum });
/** A new template of `grade` with the lines of curriculum `id`. */
export const curriculumCopy = (id: number, name: string, grade: number) =>
  call<Saved<Curriculum>>('curriculum_copy', { id, name, grade });
/** Gives the classes the template's lines (replacing what they had). */
export const curriculumAssign = (templateId: number, classIds: number[]) =>
  call<Saved<Curriculum[]>>('curriculum_assign', { templateId, classIds });
/** A student's individual curriculum from a template, or from the class's with null. */
export const curriculumStartIndividual = (yearId: number, studentId: number, templateId: number | null) =>
  call<Saved<Curriculum>>('curriculum_start_individual', { yearId, studentId, templateId });
export const curriculumDelete = (id: number) => call<null>('curriculum_delete', { id });
export const curriculumExport = (level: Level, path: string) => call<null>('curriculum_export', { level, path });

// teaching load of the current year (a teacher must work at the school today)
export const loadGrid = () => call<LoadGrid | null>('load_grid');
export const loadTeacherOptions = () => call<TeacherOption[]>('load_teacher_options');
/** Gives the unit's whole hours to the teacher; `null` clears the unit. */
export const loadAssign = (unit: LoadUnit, staffMemberId: number | null) =>
  call<Saved<LoadLine | null>>('load_assign', { unit, staffMemberId });
export const loadSave = (input: LoadInput) => call<Saved<LoadLine>>('load_save', { input });
export const loadDelete = (id: number) => call<null>('load_delete', { id });
export const loadCheck = () => call<LoadCheck>('load_check');
export const loadByTeacher = () => call<TeacherLoad[]>('load_by_teacher');
export const loadExport = (path: string) => call<null>('load_export', { path });

// timetable of the current year (refusals come back as errors with the core's Russian text)
export const timetableClassWeek = (classId: number) => call<WeekView>('timetable_class_week', { classId });
export const timetableTeacherWeek = (staffMemberId: number) =>
  call<WeekView>('timetable_teacher_week', { staffMemberId });
export const timetableRoomWeek = (roomId: number) => call<WeekView>('timetable_room_week', { roomId });
export const timetableSchoolSheet = () => call<SchoolSheet | null>('timetable_school_sheet');
export const timetableToPlace = (classId: number) => call<ToPlace[]>('timetable_to_place', { classId });
export const timetableCheck = () => call<TimetableCheck>('timetable_check');
/** What placing or moving would run into; nothing is saved. */
export const timetableCheckEdit = (input: LessonInput) => call<EditCheck>('timetable_check_edit', { input });
/** Places a lesson (id null) or moves one / changes its room. */
export const timetableSave = (input: LessonInput) => call<Saved<Lesson>>('timetable_save', { input });
export const timetableRemove = (id: number) => call<null>('timetable_remove', { id });
/** `date` is yyyy-mm-dd. */
export const substitutionDay = (date: string) => call<DaySubstitutions>('substitution_day', { date });
export const substitutionSave = (input: SubstitutionInput) => call<Saved<Substitution>>('substitution_save', { input });
export const substitutionDelete = (id: number) => call<null>('substitution_delete', { id });
export const substitutionMonth = (year: number, month: number) =>
  call<SubstitutionCount[]>('substitution_month', { year, month });
/** The timetable as .xlsx (the school sheet, a sheet per class, the teachers) at `path`. */
export const timetableExport = (path: string) => call<null>('timetable_export', { path });

// spreadsheets in and out (the import sends "import-progress" events: Progress {done, total})
export const rosterPreview = (path: string, options: RosterOptions) => call<Preview>('roster_preview', { path, options });
export const rosterImport = (path: string, options: RosterOptions) => call<Preview>('roster_import', { path, options });
/** Stops the running import, of the roster or of the staff list (it rolls everything back). */
export const importCancel = () => call<null>('import_cancel');
export const rosterExport = (path: string, cls: string | null) => call<number>('roster_export', { path, class: cls });
export const rosterTemplate = (path: string, wholeSchool: boolean) => call<null>('roster_template', { path, wholeSchool });
export const staffPreview = (path: string, options: StaffImportOptions) => call<Preview>('staff_preview', { path, options });
export const staffImport = (path: string, options: StaffImportOptions) => call<Preview>('staff_import', { path, options });
export const staffExport = (path: string) => call<number>('staff_export', { path });
export const staffTemplate = (path: string) => call<null>('staff_template', { path });
export const classSizesExport = (path: string, on: string | null) => call<null>('class_sizes_export', { path, on });

// printed forms (PDF)
// Each saves into «Документы Завуча» when `path` is null, else at `path`; gives where the file is.
export const printClassList = (classId: number, path: string | null) =>
  call<string>('print_class_list', { classId, path });
export const printCurriculum = (level: Level, path: string | null) =>
  call<string>('print_curriculum', { level, path });
export const printLoad = (byClass: boolean, path: string | null) =>
  call<string>('print_load', { byClass, path });
export const printClassSizes = (path: string | null, on: string | null) =>
  call<string>('print_class_sizes', { path, on });
/** A class's, teacher's or room's week of the timetable. */
export const printTimetableWeek = (kind: 'class' | 'teacher' | 'room', id: number, path: string | null) =>
  call<string>('print_timetable_week', { kind, id, path });
export const printTimetableSchool = (path: string | null) => call<string>('print_timetable_school', { path });
/** The substitution sheet of `date` (yyyy-mm-dd). */
export const printSubstitutionsDay = (date: string, path: string | null) =>
  call<string>('print_substitutions_day', { date, path });
export const printSubstitutionsMonth = (year: number, month: number, path: string | null) =>
  call<string>('print_substitutions_month', { year, month, path });
/** Opens a saved PDF or .xlsx with the system's program for it. */
export const documentOpen = (path: string) => call<null>('document_open', { path });
/** Shows a saved document in its folder. */
export const documentReveal = (path: string) => call<null>('document_reveal', { path });
