// The desktop shell: opens the school file and registers the commands. No rules live here.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use commands::AppSession;
use std::sync::Mutex;
use zavuch_core::session::Session;

fn main() {
    // No panic text on a console; the details go to panics.log in the data folder.
    zavuch_core::panic_log::install();
    let session = match Session::start() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Завуч: не удалось открыть файл школы: {e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppSession(Mutex::new(session)))
        .setup(|app| {
            commands::app::refresh_title(app.handle());
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Завуч: ошибка запуска окна: {e}");
            std::process::exit(1);
        });
}
