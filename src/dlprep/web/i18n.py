"""The web app's interface strings in Chinese and English, and the language of a request."""

from __future__ import annotations

LANGS = ("zh", "en")
COOKIE = "dlprep_lang"

# key: (zh, en)
STRINGS: dict[str, tuple[str, str]] = {
    "app_tagline": ("一本能运行的深度学习面试题库", "A deep-learning interview workbook that runs"),
    "nav_home": ("首页", "Home"),
    "nav_topics": ("主题", "Topics"),
    "nav_exercises": ("编程题", "Exercises"),
    "nav_labs": ("实验", "Labs"),
    "nav_review": ("复习", "Review"),
    "nav_mock": ("模拟面试", "Mock interview"),
    "search_placeholder": ("搜索主题，如 批归一化 / batch norm", "Search topics: batch norm, 梯度爆炸…"),
    "search": ("搜索", "Search"),
    "other_lang": ("English", "中文"),
    # home
    "welcome": ("今天练点什么？", "What will you practise today?"),
    "continue": ("继续上次的内容", "Continue where you left off"),
    "last_topic": ("上次阅读", "Last read"),
    "last_exercise": ("上次练习", "Last exercise"),
    "nothing_yet": ("还没有记录。从一个主题开始吧。", "Nothing yet. Start with a topic."),
    "topics_read": ("已读主题", "Topics read"),
    "exercises_solved": ("已解决编程题", "Exercises solved"),
    "reviews_due": ("待复习卡片", "Cards due"),
    "new_cards": ("今日新卡", "New cards today"),
    "start_review": ("开始复习", "Start reviewing"),
    "suggested": ("接下来可以读", "Read next"),
    "unsolved": ("还没解决的题", "Unsolved exercises"),
    "your_data": ("你的数据", "Your data"),
    "export_help": ("导出做题记录、提示、复习卡片与日志、阅读进度和模拟面试（JSON）。"
                    "导入会合并，不会覆盖或丢失任何记录。",
                    "Export attempts, hints, review cards and log, reading progress and mock interviews as JSON. "
                    "Importing merges: nothing is overwritten or lost."),
    "export": ("导出 JSON", "Export JSON"),
    "import": ("导入", "Import"),
    "imported": ("已导入", "Imported"),
    "import_failed": ("导入失败", "Import failed"),
    "written_of": ("已写 {written}/{total} 个主题", "{written} of {total} topics written"),
    # topics
    "all": ("全部", "All"),
    "tag": ("标签", "Tag"),
    "difficulty": ("难度", "Difficulty"),
    "status": ("状态", "Status"),
    "filter": ("筛选", "Filter"),
    "clear": ("清除", "Clear"),
    "st_written": ("已写", "Written"),
    "st_not_written": ("未写", "Not written"),
    "st_new": ("未读", "Unread"),
    "st_started": ("在读", "Started"),
    "st_read": ("已读", "Read"),
    "results_for": ("“{q}” 的搜索结果", "Results for “{q}”"),
    "no_results": ("没有找到匹配的主题。", "No topic matches."),
    "n_topics": ("{n} 个主题", "{n} topics"),
    "not_written_title": ("这个主题还没写", "This topic is not written yet"),
    "not_written_body": ("它将回答下面这些题目：", "It will answer these seed questions:"),
    # topic
    "contents": ("目录", "Contents"),
    "prerequisites": ("先修", "Prerequisites"),
    "practice": ("练习", "Practice"),
    "exercises": ("编程题", "Exercises"),
    "n_exercises": ("{n} 道编程题", "{n} exercises"),
    "one_exercise": ("1 道编程题", "1 exercise"),
    "labs": ("实验", "Labs"),
    "mark_read": ("标记为已读", "Mark as read"),
    "mark_unread": ("标记为未读", "Mark as unread"),
    "read_on": ("已读", "Read"),
    "cards_in_topic": ("{n} 张复习卡片", "{n} review cards"),
    "review_topic": ("复习", "Review"),
    "copy": ("复制", "Copy"),
    "copied": ("已复制", "Copied"),
    # exercises
    "level": ("难度", "Level"),
    "topic": ("主题", "Topic"),
    "solved": ("已解决", "Solved"),
    "tried": ("尝试 {n} 次", "Tried {n}×"),
    "new": ("未做", "New"),
    "problem": ("题目", "Problem"),
    "hints": ("提示", "Hints"),
    "history": ("提交记录", "Submissions"),
    "show_hint": ("显示下一条提示", "Show next hint"),
    "hints_left": ("已显示 {shown}/{total} 条", "{shown} of {total} shown"),
    "all_hints_shown": ("提示已全部显示", "All hints are shown"),
    "submit": ("提交", "Submit"),
    "grading": ("评测中…", "Grading…"),
    "reset_starter": ("恢复初始代码", "Reset to starter"),
    "draft_restored": ("已恢复你未提交的草稿。", "Restored your unsubmitted draft."),
    "editor_hint": ("Tab 缩进 · Shift-Tab 取消缩进 · Ctrl/⌘-Enter 提交",
                    "Tab indents · Shift-Tab dedents · Ctrl/⌘-Enter submits"),
    "verdict": ("评测结果", "Verdict"),
    "case": ("用例", "Case"),
    "result": ("结果", "Result"),
    "time": ("时间", "Time"),
    "hidden": ("隐藏", "hidden"),
    "input": ("输入", "Input"),
    "expected": ("期望", "Expected"),
    "got": ("实际", "Got"),
    "max_abs_error": ("最大绝对误差", "Max abs error"),
    "why": ("原因", "Why"),
    "details": ("详情", "Details"),
    "your_output": ("你的输出", "Your output"),
    "no_attempts": ("还没有提交。", "No submissions yet."),
    "attempt_n": ("第 {n} 次提交", "Submission #{n}"),
    "load": ("载入", "Load"),
    "too_large_title": ("代码太长", "Submission too large"),
    "judge_error_help": ("评测器没能运行你的代码；这次提交已保存，可以稍后再评测。",
                         "The judge could not run your code; the submission is saved and can be graded again."),
    # labs
    "lab_not_available": ("这个实验还没有实现", "This lab is not available yet"),
    "lab_not_available_body": ("有主题引用了它，但实验代码还没写好。",
                               "A topic links it, but its code is not written yet."),
    "no_results_yet": ("还没有结果", "No results yet"),
    "no_results_body": ("运行一次快速模式（几十秒到几分钟），结果会显示在这里。",
                        "Run the quick mode once (seconds to minutes) and its results appear here."),
    "run_quick": ("运行快速模式", "Run quick mode"),
    "running": ("运行中", "Running"),
    "run_done": ("完成", "Done"),
    "run_failed": ("失败", "Failed"),
    "metrics": ("指标", "Metrics"),
    "claims": ("结论", "Claims"),
    "figures": ("图", "Figures"),
    "tables": ("表", "Tables"),
    "latest_results": ("最新结果", "Latest results"),
    "mode": ("模式", "Mode"),
    "device": ("设备", "Device"),
    "wall_time": ("耗时", "Wall time"),
    "passed": ("通过", "pass"),
    "failed": ("未通过", "fail"),
    "busy": ("另一个实验正在运行。", "Another lab is running."),
    # review
    "review_title": ("间隔复习", "Spaced repetition"),
    "show_answer": ("显示答案", "Show answer"),
    "again": ("重来", "Again"),
    "hard": ("困难", "Hard"),
    "good": ("良好", "Good"),
    "easy": ("简单", "Easy"),
    "next_due": ("下次复习：{when}（{delta}后）", "Next review: {when} (in {delta})"),
    "rated_as": ("已评为「{rating}」", "Rated {rating}"),
    "all_done": ("今天的复习完成了！", "You are done for now!"),
    "all_done_body": ("没有到期的卡片了。", "No card is due."),
    "next_card_at": ("下一张卡片到期：{when}", "The next card is due {when}"),
    "key_point": ("要点", "Key point"),
    "follow_up": ("追问", "Follow-up"),
    "state_new": ("新卡", "new"),
    "state_learning": ("学习中", "learning"),
    "state_review": ("复习", "review"),
    "state_relearning": ("重新学习", "relearning"),
    "open_topic": ("打开主题", "Open topic"),
    "shortcuts_review": ("空格 显示答案 · 1–4 评分", "Space shows the answer · 1–4 rate"),
    # mock
    "mock_title": ("模拟面试", "Mock interview"),
    "mock_intro": ("随机抽取若干道追问题和一道编程题，计时作答。先口头回答，再看参考答案给自己打分。",
                   "A few random follow-up questions and one coding exercise, against the clock. Answer aloud, "
                   "then reveal the model answer and rate yourself."),
    "questions": ("题目数", "Questions"),
    "minutes": ("分钟", "Minutes"),
    "start": ("开始", "Start"),
    "recent_sessions": ("最近的模拟面试", "Recent sessions"),
    "time_left": ("剩余时间", "Time left"),
    "times_up": ("时间到", "Time's up"),
    "reveal_answer": ("查看参考答案", "Reveal the model answer"),
    "coding": ("编程题", "Coding exercise"),
    "open_exercise": ("打开编程题（新标签页）", "Open the exercise (new tab)"),
    "not_attempted": ("还没有提交", "not attempted yet"),
    "finish": ("结束并查看总结", "Finish and see the summary"),
    "summary": ("总结", "Summary"),
    "time_used": ("用时", "Time used"),
    "overtime": ("超时", "over time"),
    "avg_rating": ("平均自评", "Average self-rating"),
    "rated_n": ("已自评 {n}/{total}", "{n} of {total} rated"),
    "to_review": ("建议复习的主题", "Topics to revisit"),
    "none": ("无", "none"),
    "in_progress": ("进行中", "in progress"),
    "finished": ("已结束", "finished"),
    # errors
    "not_found": ("页面不存在", "Page not found"),
    "did_you_mean": ("你是不是要找：", "Did you mean:"),
    "go_home": ("回到首页", "Back to the home page"),
    "error": ("出错了", "Something went wrong"),
}


def t(key: str, lang: str, **fmt: object) -> str:
    zh, en = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**fmt) if fmt else text


def pick_lang(query: str | None, cookie: str | None, accept: str | None) -> str:
    """?lang= first, then the cookie, then the browser's Accept-Language; Chinese by default."""
    for value in (query, cookie):
        if value in LANGS:
            return value
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()
        if code.startswith("zh"):
            return "zh"
        if code.startswith("en"):
            return "en"
    return "zh"
