"""Which tests are slow, which wait for background work, and in what order a run starts them (issue #21).

Measured with `pytest -n 2 --durations=0` on the shared 2-core machine (load average 8-11 from other work):
a test is `slow` when it took a second or more there (~0.5 s on a quiet machine). Kept here, in one table,
rather than as decorators in forty files, so the quick tier (`pytest -m "not slow"`) is one place to review.

- `slow`: the modules below (every test in them, most take seconds), the named tests of other modules, and
  every test that opens the real main window (the `window` fixture: seconds each, whatever it does).
- `background`: everything under tests/gui (tasks run in child processes) and the modules that start, kill
  or race other processes and servers; .ci/run runs these a second time beside `stress-ng --cpu 2`.
- Order: slow tests first, longest known first, so pytest-xdist hands them out at the start and the run
  does not end with one worker building the frozen app while the other waits.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).parent

SLOW_MODULES = {
    "cli/test_categories_cli.py",
    "cli/test_cli.py",
    "cli/test_export_cli.py",
    "cli/test_stamps_cli.py",
    "services/test_scan_store.py",  # a load killed with SIGKILL, DuckDB files opened per check
    "services/test_backup_scans.py",  # logs loaded, backed up, restored and opened again per test
    "gui/test_clean_slate.py",  # a whole second pytest session
    "gui/test_task_exit.py",  # a child process that takes seconds to exit on purpose (#28)
    "gui/test_task_start.py",  # a child process whose start takes seconds on purpose (#28)
    "render/test_thermal.py",  # an independent ZPL renderer (node) and Tesseract, one run each for all cases
    "safety/test_hostile_photos.py",  # site builds of 60-megapixel photos in child processes
    "safety/test_slow_host.py",  # hosts that trickle until the deadline
    "services/test_dossier.py",  # PDF rendered and read back with Tesseract
    "site/test_passport_page.py",  # Chromium
    "site/test_scans_nginx.py",  # nginx and Chromium
    "listings/test_sheet.py",
    "listings/test_shipping.py",  # a demo load and Shopee's real template read per test (#22)
    "cli/test_shipping_cli.py",  # a demo load and several CLI runs per test (#22)
    "render/test_stamp_pdf.py",
    "render/test_xlsx_readers.py",  # 35 workbooks read twice, child processes under memory caps (#28)
    "services/test_backup.py",
    "services/test_demo.py",
    "services/test_demo_profile.py",
    "services/test_import_hostile_files.py",
    "services/test_ids_travel.py",  # demo, stamps, backup and restore, EPCIS and a listing bundle
    "services/test_public_documents.py",
    "services/test_restore_safety.py",
    "site/test_browser.py",
    "site/test_build.py",
    "site/test_built_copy.py",  # two site builds over the per-worker template
    "site/test_hosting.py",
    "site/test_killed_build.py",
    "site/test_nginx_helper.py",
    "site/test_page_text.py",
    "site/test_partner_header.py",  # a demo load and a site build (#22)
    "site/test_linkset.py",  # a site build and nginx or the preview server per test (#25)
    "site/test_site_photos.py",  # three or four demo site builds (#28)
    "render/test_photo_quality.py",  # real photos enlarged to 3600-4000 pixels, compared with full Lanczos (#28)
    "site/test_unchanged.py",  # two or three demo site builds a test (#28)
    "storage/test_honest_diagnoses.py",
    "test_frozen_build.py",
    "test_architecture_ids.py",  # the demo, an import and stamps, three times
    "gui/test_qr_image_geometry.py",  # poppler at 1200 dpi, every pixel compared with the modules (#26)
}

SLOW_TESTS = {
    "services/test_epcis_export.py": {
        "test_a_stage_with_input_lots_is_a_valid_transformation_event",  # SHACL x2
        "test_every_exported_document_is_valid_epcis_2",
    },
    "listings/test_categories.py": {"test_the_list_is_found_by_its_keys_whatever_the_sheet_is_called"},
    "listings/test_export.py": {
        "test_a_failed_export_leaves_nothing_behind",
        "test_image_urls_that_stop_answering_during_the_export_make_the_sheet_not_ready",
        "test_postmart_kit_with_manifest_and_status",
        "test_the_website_folder_is_the_default_image_host",
    },
    "listings/test_images.py": {
        "test_decompression_bomb_is_refused_before_decoding",
        "test_quality_drops_until_the_byte_cap_is_met",
    },
    "listings/test_photo_host.py": {"test_check_matrix_and_export_agree_before_and_after_the_photos_are_published"},
    "listings/test_publish.py": {
        "test_a_failing_host_is_reported_file_by_file_and_retried",
        "test_a_host_that_never_answers_stops_at_the_time_limit_and_the_next_run_goes_on",
        "test_a_redirect_is_not_followed_and_names_the_other_address",
        "test_a_silent_host_is_given_up_after_a_few_files",
    },
    "render/test_ocr_batch.py": {
        "test_a_batch_reads_each_picture_as_a_run_of_its_own_would",
        "test_the_first_try_that_matches_wins_and_a_line_with_none_keeps_its_last_reading",
    },
    "render/test_stamp_layout.py": {
        "test_every_dark_pixel_is_in_a_box_the_layout_predicted",
        "test_tesseract_reads_the_lot_code_and_serial_in_full_and_the_caption_with_its_marks",
    },
    "services/test_code_entrances.py": {
        "test_a_catalogue_with_codes_the_rule_refuses_opens_and_its_site_build_says_what_it_left_out",
        "test_batches_add_refuses_a_bad_lot_and_a_case_twin",
        "test_shopee_sheet_points_each_row_at_its_own_products_photo",
        "test_stamps_issue_refuses_a_lot_saved_with_a_bad_code_or_a_case_twin",
    },
    "services/test_import_sources.py": {
        "test_a_dry_run_downloads_nothing_and_says_so",
        "test_a_host_that_drips_cannot_hang_the_import",
        "test_a_redirect_to_a_private_address_is_refused",
        "test_the_cli_names_the_option_that_allows_a_folder",
    },
    "services/test_stamps.py": {
        "test_issue_gives_unique_serials_and_continuing_numbers_with_valid_digital_links",
        "test_reprints_are_counted_on_the_same_serial",
        "test_two_processes_issuing_for_the_same_lot_never_duplicate",
    },
    "safety/test_restore_repairs.py": {"test_many_members_that_unpack_to_gigabytes_are_refused_before_writing"},
    "safety/test_small_lies.py": {
        "test_a_200_character_unbroken_name_does_not_widen_the_phone_page",
        "test_back_to_a_stamp_page_after_a_void_and_rebuild_says_voided",
        "test_a_void_is_never_dated_before_the_stamps_issue",
        "test_a_refused_1_gib_file_is_sized_with_the_languages_separators",
        "test_tel_links_carry_no_spaces",
    },
    "safety/test_owned_folders.py": {
        "test_the_preview_server_does_not_follow_a_link_out_of_the_site",
        "test_site_build_removes_nothing_a_forged_manifest_names_outside_the_folder",
    },
    "site/test_gs1_jsonld.py": {
        "test_a_product_page_says_what_it_is_in_gs1_web_vocabulary",
        "test_cooperative_pages_carry_schema_org_only",
    },
    "gui/test_first_window_fits.py": {
        "test_the_first_and_second_window_fit_a_1366x768_screen_title_bar_included",
    },
    "services/test_scans.py": {
        "test_a_killed_load_leaves_counts_consistent",
        "test_each_stamps_checks_per_day_are_kept_once_across_loads",
    },
    "storage/test_database.py": {"test_check_file_reports_damage"},
    "test_packaging.py": {"test_the_wheel_carries_its_data_and_every_job_runs_from_another_folder"},
}

BACKGROUND_MODULES = {
    "cli/test_cli.py",  # SIGKILL during an import
    "services/test_import_sources.py",  # servers that drip, time limits
    "services/test_restore_safety.py",  # restores and backups killed at random moments
    "services/test_stamps.py",  # two processes issuing at once
    "safety/test_slow_host.py",  # hosts that trickle; deadlines inside a read
    "services/test_scans.py",  # a load killed with SIGKILL
    "services/test_scan_store.py",  # a load killed with SIGKILL between two commits
    "site/test_scans_nginx.py",  # nginx
    "site/test_hosting.py",  # nginx
    "site/test_killed_build.py",  # builds killed at any point
    "storage/test_honest_diagnoses.py",  # other processes holding locks, SIGKILL
}

# The longest, started first (seconds measured as above): each alone outlasts most of a worker's share.
LONGEST = (
    "test_frozen_build.py",
    "cli/test_cli.py::test_sigkill_during_import_leaves_all_or_nothing",
    "services/test_restore_safety.py::test_killed_backups_leave_nothing_once_the_catalogue_is_opened_again",
    "site/test_killed_build.py",
    "test_packaging.py",
    "safety/test_hostile_photos.py::test_eight_60_megapixel_pngs_stay_within_the_memory_budget",
    "services/test_restore_safety.py::test_sigkill_at_any_moment_of_a_restore_leaves_one_whole_catalogue",
)


def _where(item: pytest.Item) -> tuple[str, str]:
    return item.path.relative_to(TESTS).as_posix(), item.originalname if isinstance(item, pytest.Function) else ""


def is_slow(item: pytest.Item) -> bool:
    module, name = _where(item)
    return module in SLOW_MODULES or name in SLOW_TESTS.get(module, ()) or "window" in item.fixturenames


def is_background(item: pytest.Item) -> bool:
    module, _name = _where(item)
    return module.startswith("gui/") or module in BACKGROUND_MODULES


def _rank(item: pytest.Item) -> int:
    nodeid = item.nodeid.removeprefix("tests/")
    known = [n for n, prefix in enumerate(LONGEST) if nodeid.startswith(prefix)]
    if known:
        return known[0]
    return len(LONGEST) if item.get_closest_marker("slow") else len(LONGEST) + 1


def mark_and_order(items: list[pytest.Item]) -> None:
    """Add the `slow` and `background` markers, then put the longest tests first (a stable sort: within a
    rank, collection order, so a module's tests stay together and share their module fixtures)."""
    for item in items:
        if is_slow(item):
            item.add_marker(pytest.mark.slow)
        if is_background(item):
            item.add_marker(pytest.mark.background)
    items.sort(key=_rank)
