// UI strings in English and Korean. The choice is kept in localStorage ("llmsvc.lang"); the default follows the
// browser. Elements carry data-i18n (text), data-i18n-placeholder, data-i18n-title or data-i18n-label (aria-label,
// for icon-only buttons and inputs without a visible label).
const STRINGS = {
  en: {
    'app': 'LLM Service', 'login': 'Sign in', 'signup': 'Sign up', 'logout': 'Sign out', 'username': 'Username',
    'password': 'Password', 'display_name': 'Display name (optional)', 'no_account': 'No account?',
    'have_account': 'Already have an account?', 'signup_off': 'Sign-up is switched off on this server. Ask an administrator for an account.',
    'signup_done': 'Account created. You can sign in now.', 'new_chat': '+ New chat', 'search': 'Search chats',
    'send': 'Send', 'stop': 'Stop', 'regenerate': 'Regenerate', 'copy': 'Copy', 'copied': 'Copied',
    'rename': 'Rename', 'delete': 'Delete', 'confirm_delete': 'Delete this chat?', 'new_title': 'New title',
    'model': 'Model', 'settings': 'Settings', 'system_prompt': 'System prompt', 'temperature': 'Temperature', 'max_tokens': 'Max tokens',
    'placeholder': 'Send a message (Enter to send, Shift+Enter for a new line)', 'you': 'You', 'assistant': 'Assistant',
    'empty_title': 'How can I help you today?', 'empty_hint': 'Pick a model and ask anything.',
    'no_model': 'No model is loaded.', 'no_model_hint': 'Put a .gguf file into the models directory (or configure an upstream) and restart — see the README.',
    'worker_down': 'No worker can serve this model right now', 'rate_limited': 'Rate limited. Try again in {s} s.',
    'budget_spent': 'Your token budget is spent. It renews in {s} s.', 'stopped': '(stopped)', 'error': 'Error',
    'admin': 'Admin', 'my_page': 'My keys & usage', 'chat': 'Chat', 'language': 'Language',
    'not_allowed': 'Not allowed', 'not_allowed_hint': 'This page is for administrators only.',
    'targets': 'Targets and workers', 'worker': 'Worker', 'state': 'State', 'last_heartbeat': 'Last heartbeat',
    'queue': 'Queue', 'models': 'Models', 'address': 'Address', 'controller': 'Controller', 'charts': 'Metrics',
    'rps': 'Requests/s', 'latency': 'Latency p50 / p99 (ms)', 'ttft': 'TTFT p50 (ms)', 'tps': 'Tokens/s', 'errors': 'Errors/s',
    'logs': 'Request log', 'filter': 'Filter', 'users': 'Users', 'keys': 'API keys', 'usage': 'Usage',
    'create_key': 'Create key', 'key_name': 'Name', 'revoke': 'Revoke', 'key_once': 'Copy this key now — it is shown only once:',
    'roles': 'Roles', 'disabled': 'Disabled', 'disable': 'Disable', 'enable': 'Enable', 'save': 'Save',
    'group_by': 'Group by', 'requests': 'Requests', 'tokens_in': 'Tokens in', 'tokens_out': 'Tokens out',
    'budget': 'Budget (tokens)', 'period': 'Period', 'status': 'Status', 'created': 'Created', 'prefix': 'Prefix',
    'user': 'User', 'time': 'Time', 'route': 'Route', 'latency_ms': 'Latency ms', 'system': 'System', 'more': 'More',
    'loading': 'Loading…', 'owner': 'Owner', 'rpm': 'RPM', 'tpm': 'TPM', 'concurrency': 'Concurrent',
    'documents': 'Documents', 'agent': 'Agent', 'agent_auto': 'Automatic', 'agent_general': 'General', 'agent_documents': 'Documents',
    'intent': 'Intent', 'confidence': 'Confidence', 'extractive': 'extractive',
    'extractive_no_model': 'extractive: no model is loaded', 'extractive_context_too_small': 'extractive: the passages do not fit the model’s context',
    'extractive_model_failed': 'extractive: the model failed', 'extractive_model_not_allowed': 'extractive: your API key may not use the agents’ model', 'no_model_documents': 'No chat model is loaded: this answer quotes your documents (extractive).',
    'no_model_no_documents': 'No chat model is loaded and the documents agent is not part of this deployment, so nothing can answer.', 'page': 'p.', 'close': 'Close',
    'passage_gone': 'This passage is no longer available (the document was deleted or is not shared with you).',
    'router_failed': 'The router could not read this message ({m}); the general model answered.',
    'agent_missing': 'The {a} agent is not available yet; the general model answered.',
    'documents_absent': 'The documents agent is not part of this deployment; the general model answered.',
    'document': 'Document', 'upload': 'Upload', 'add_url': 'Add from URL', 'doc_title': 'Title (optional)', 'size': 'Size', 'chunks': 'Chunks',
    'visibility': 'Visible to', 'vis_private': 'Only me', 'vis_private_of': 'Only {u}', 'model_calls_only': 'Model calls only', 'invites': 'Invite links', 'invite_roles': 'Roles besides user', 'invite_days': 'Valid for days',
    'invite_create': 'Make an invite link', 'invite_once': 'Send this link; it is shown only now and works once:', 'expires': 'Expires',
    'invite_used': 'used by {u}', 'invite_expired': 'expired', 'invite_open': 'not used yet', 'invited': 'You were invited: choose a username and a password.', 'all_users_documents': 'Every user’s documents (admin view, logged)', 'vis_everyone': 'Everyone', 'vis_role': 'Role: {r}',
    'no_documents': 'No documents yet. Upload PDF, Word, PowerPoint, HTML, Markdown or text files, or add a web page.',
    'documents_hint': 'Questions in the chat are answered from the documents you can see, with numbered citations.',
    'upload_failed': 'The upload broke off (too large, or the connection was lost).',
    'confirm_delete_doc': 'Delete “{name}” and its index?',
    'st_queued': 'queued', 'st_parsing': 'parsing', 'st_embedding': 'embedding', 'st_ready': 'ready', 'st_failed': 'failed',
    'jobs': 'Jobs', 'files': 'Files', 'all_users': 'All users', 'job_type': 'Type', 'all_states': 'All states',
    'progress': 'Progress', 'attempts': 'Attempts', 'finished': 'Finished', 'result': 'Result', 'cancel': 'Cancel',
    'confirm_cancel_job': 'Cancel this {type} job?', 'download': 'Download', 'retry_at': 'Next attempt at {t}',
    'no_jobs': 'No jobs yet. Slow work, such as archiving files on the Files page, runs here as a job.',
    'jobs_hint': 'Jobs run in the background; their state and progress update here live.',
    'recurring_jobs': 'Recurring jobs', 'cron': 'Schedule (cron)', 'zone': 'Time zone', 'next_run': 'Next run',
    'last_job': 'Last job', 'no_recurring': 'No recurring schedules are configured.',
    'js_queued': 'queued', 'js_running': 'running', 'js_succeeded': 'succeeded', 'js_failed': 'failed', 'js_cancelled': 'cancelled',
    'file_name': 'Name', 'content_type': 'Type', 'fs_pending': 'pending', 'fs_ready': 'ready', 'from_job': 'made by a job',
    'confirm_delete_file': 'Delete “{name}”? Its download links stop working.', 'archive_selected': 'Archive selected',
    'archive_name': 'Archive name', 'archive_queued': 'The archive is being made by a job.', 'see_jobs': 'Follow it on the Jobs page',
    'selected': '{n} selected', 'select_all': 'Select all', 'select': 'Select', 'uploading': 'Uploading {name}…',
    'no_files': 'No files yet. Upload one, or put several into a ZIP with “Archive selected”.',
    'files_hint': 'Files are downloaded through short-lived signed links. Select files to put them into one ZIP.',
    'theme': 'Theme', 'theme_system': 'System', 'theme_light': 'Light', 'theme_dark': 'Dark', 'menu': 'Menu',
    'navigation': 'Main navigation', 'chats': 'Chats', 'message': 'Message', 'agent_choice': 'Agent', 'chat_settings': 'Chat settings',
    'not_found': 'Page not found', 'not_found_hint': 'There is no page at this address.', 'go_home': 'Go to the chat',
    'filter_model': 'Model', 'filter_status': 'Status', 'filter_route': 'Route', 'filter_user': 'User ID',
    'filter_key': 'Key prefix', 'filter_from': 'From (date)', 'filter_to': 'To (date)', 'budget_period': 'Budget period',
    'allowed_models': 'Allowed models (a,b)', 'choose_file': 'File to upload', 'code_block': 'Code', 'roles_of': 'Roles of {u}',
  },
  ko: {
    'app': 'LLM 서비스', 'login': '로그인', 'signup': '회원가입', 'logout': '로그아웃', 'username': '사용자 이름',
    'password': '비밀번호', 'display_name': '표시 이름 (선택)', 'no_account': '계정이 없으신가요?',
    'have_account': '이미 계정이 있으신가요?', 'signup_off': '이 서버는 회원가입이 꺼져 있습니다. 관리자에게 계정을 요청하세요.',
    'signup_done': '계정이 만들어졌습니다. 이제 로그인할 수 있습니다.', 'new_chat': '+ 새 대화', 'search': '대화 검색',
    'send': '보내기', 'stop': '중지', 'regenerate': '다시 생성', 'copy': '복사', 'copied': '복사됨',
    'rename': '이름 바꾸기', 'delete': '삭제', 'confirm_delete': '이 대화를 삭제할까요?', 'new_title': '새 제목',
    'model': '모델', 'settings': '설정', 'system_prompt': '시스템 프롬프트', 'temperature': '온도', 'max_tokens': '최대 토큰',
    'placeholder': '메시지를 입력하세요 (Enter 보내기, Shift+Enter 줄바꿈)', 'you': '나', 'assistant': '어시스턴트',
    'empty_title': '무엇을 도와드릴까요?', 'empty_hint': '모델을 고르고 무엇이든 물어보세요.',
    'no_model': '불러온 모델이 없습니다.', 'no_model_hint': '모델 디렉터리에 .gguf 파일을 넣거나 업스트림을 설정한 뒤 다시 시작하세요 (README 참고).',
    'worker_down': '지금 이 모델을 처리할 워커가 없습니다', 'rate_limited': '요청 한도를 넘었습니다. {s}초 후에 다시 시도하세요.',
    'budget_spent': '토큰 예산을 모두 썼습니다. {s}초 후에 갱신됩니다.', 'stopped': '(중지됨)', 'error': '오류',
    'admin': '관리', 'my_page': '내 키와 사용량', 'chat': '대화', 'language': '언어',
    'not_allowed': '권한 없음', 'not_allowed_hint': '이 페이지는 관리자만 볼 수 있습니다.',
    'targets': '타깃과 워커', 'worker': '워커', 'state': '상태', 'last_heartbeat': '마지막 하트비트',
    'queue': '대기열', 'models': '모델', 'address': '주소', 'controller': '컨트롤러', 'charts': '지표',
    'rps': '초당 요청', 'latency': '지연 p50 / p99 (ms)', 'ttft': '첫 토큰 p50 (ms)', 'tps': '초당 토큰', 'errors': '초당 오류',
    'logs': '요청 기록', 'filter': '필터', 'users': '사용자', 'keys': 'API 키', 'usage': '사용량',
    'create_key': '키 만들기', 'key_name': '이름', 'revoke': '폐기', 'key_once': '지금 이 키를 복사하세요 — 한 번만 보여 줍니다:',
    'roles': '역할', 'disabled': '비활성', 'disable': '비활성화', 'enable': '활성화', 'save': '저장',
    'group_by': '묶기', 'requests': '요청', 'tokens_in': '입력 토큰', 'tokens_out': '출력 토큰',
    'budget': '예산 (토큰)', 'period': '기간', 'status': '상태', 'created': '만든 때', 'prefix': '접두사',
    'user': '사용자', 'time': '시간', 'route': '경로', 'latency_ms': '지연 ms', 'system': '시스템', 'more': '더 보기',
    'loading': '불러오는 중…', 'owner': '소유자', 'rpm': '분당 요청', 'tpm': '분당 토큰', 'concurrency': '동시 요청',
    'documents': '문서', 'agent': '에이전트', 'agent_auto': '자동', 'agent_general': '일반', 'agent_documents': '문서',
    'intent': '의도', 'confidence': '신뢰도', 'extractive': '발췌',
    'extractive_no_model': '발췌: 불러온 모델 없음', 'extractive_context_too_small': '발췌: 구절이 모델의 문맥 길이에 맞지 않음',
    'extractive_model_failed': '발췌: 모델 오류', 'extractive_model_not_allowed': '발췌: API 키로 에이전트 모델을 쓸 수 없음', 'no_model_documents': '불러온 대화 모델이 없어 문서에서 발췌해 답했습니다.',
    'no_model_no_documents': '불러온 대화 모델이 없고 문서 에이전트도 배포되지 않아 답할 수 없습니다.',
    'err_invalid_request': '요청이 올바르지 않습니다', 'err_unsupported_parameter': '지원하지 않는 매개변수입니다',
    'err_context_length_exceeded': '입력이 모델의 문맥 길이보다 깁니다', 'err_invalid_api_key': '인증에 실패했습니다',
    'err_forbidden': '권한이 없습니다', 'err_not_found': '찾을 수 없습니다', 'err_model_not_found': '모델을 찾을 수 없습니다',
    'err_method_not_allowed': '허용되지 않는 요청 방식입니다', 'err_conflict': '이미 있거나 상태가 맞지 않습니다',
    'err_payload_too_large': '요청이 너무 큽니다', 'err_unsupported_media_type': '지원하지 않는 형식입니다',
    'err_rate_limit_exceeded': '요청 한도를 넘었습니다', 'err_insufficient_quota': '예산을 모두 썼습니다',
    'err_internal_error': '서버 내부 오류입니다', 'err_upstream_error': '업스트림 모델 서버 오류입니다',
    'err_no_worker_available': '모델을 실행할 워커가 없습니다', 'err_service_unavailable': '서비스를 사용할 수 없습니다',
    'err_timeout': '시간이 초과되었습니다', 'page': '쪽', 'close': '닫기',
    'passage_gone': '이 구절은 더 이상 볼 수 없습니다 (문서가 삭제되었거나 공유되지 않았습니다).',
    'router_failed': '라우터가 이 메시지를 읽지 못했습니다 ({m}). 일반 모델이 답했습니다.',
    'agent_missing': '{a} 에이전트는 아직 없습니다. 일반 모델이 답했습니다.',
    'documents_absent': '이 배포에는 문서 에이전트가 없습니다. 일반 모델이 답했습니다.',
    'document': '문서', 'upload': '올리기', 'add_url': 'URL에서 추가', 'doc_title': '제목 (선택)', 'size': '크기', 'chunks': '청크',
    'visibility': '공개 범위', 'vis_private': '나만', 'vis_private_of': '{u}만', 'model_calls_only': '모델 호출만', 'invites': '초대 링크', 'invite_roles': 'user 외 역할', 'invite_days': '유효 기간(일)',
    'invite_create': '초대 링크 만들기', 'invite_once': '이 링크를 보내세요. 지금만 보이며 한 번만 쓸 수 있습니다:', 'expires': '만료',
    'invite_used': '{u} 님이 사용함', 'invite_expired': '만료됨', 'invite_open': '아직 사용 안 함', 'invited': '초대받으셨습니다. 사용자 이름과 비밀번호를 정하세요.', 'all_users_documents': '모든 사용자의 문서 (관리자 보기, 기록됨)', 'vis_everyone': '모두', 'vis_role': '역할: {r}',
    'no_documents': '아직 문서가 없습니다. PDF, Word, PowerPoint, HTML, Markdown, 텍스트 파일을 올리거나 웹 페이지를 추가하세요.',
    'documents_hint': '대화의 질문은 볼 수 있는 문서에서 번호 붙은 출처와 함께 답합니다.',
    'upload_failed': '업로드가 중단되었습니다 (너무 크거나 연결이 끊겼습니다).',
    'confirm_delete_doc': '“{name}”과 그 색인을 삭제할까요?',
    'st_queued': '대기', 'st_parsing': '분석 중', 'st_embedding': '임베딩 중', 'st_ready': '준비됨', 'st_failed': '실패',
    'jobs': '작업', 'files': '파일', 'all_users': '모든 사용자', 'job_type': '종류', 'all_states': '모든 상태',
    'progress': '진행', 'attempts': '시도', 'finished': '끝난 때', 'result': '결과', 'cancel': '취소',
    'confirm_cancel_job': '이 {type} 작업을 취소할까요?', 'download': '내려받기', 'retry_at': '다음 시도: {t}',
    'no_jobs': '아직 작업이 없습니다. 파일 페이지에서 파일을 묶는 것처럼 오래 걸리는 일이 여기서 작업으로 실행됩니다.',
    'jobs_hint': '작업은 백그라운드에서 실행되며, 상태와 진행률이 이 페이지에 바로 반영됩니다.',
    'recurring_jobs': '반복 작업', 'cron': '일정 (cron)', 'zone': '시간대', 'next_run': '다음 실행',
    'last_job': '마지막 작업', 'no_recurring': '설정된 반복 일정이 없습니다.',
    'js_queued': '대기', 'js_running': '실행 중', 'js_succeeded': '성공', 'js_failed': '실패', 'js_cancelled': '취소됨',
    'file_name': '이름', 'content_type': '형식', 'fs_pending': '업로드 대기', 'fs_ready': '준비됨', 'from_job': '작업이 만든 파일',
    'confirm_delete_file': '“{name}”을(를) 삭제할까요? 내려받기 링크도 더 이상 동작하지 않습니다.', 'archive_selected': '선택한 파일 묶기',
    'archive_name': '묶음 파일 이름', 'archive_queued': '작업이 묶음 파일을 만들고 있습니다.', 'see_jobs': '작업 페이지에서 보기',
    'selected': '{n}개 선택', 'select_all': '모두 선택', 'select': '선택', 'uploading': '{name} 올리는 중…',
    'no_files': '아직 파일이 없습니다. 파일을 올리거나, 여러 파일을 “선택한 파일 묶기”로 ZIP 하나로 만드세요.',
    'files_hint': '파일은 잠시만 유효한 서명된 링크로 내려받습니다. 파일을 선택하면 ZIP 하나로 묶을 수 있습니다.',
    'theme': '테마', 'theme_system': '시스템', 'theme_light': '밝게', 'theme_dark': '어둡게', 'menu': '메뉴',
    'navigation': '주 메뉴', 'chats': '대화 목록', 'message': '메시지', 'agent_choice': '에이전트', 'chat_settings': '대화 설정',
    'not_found': '페이지를 찾을 수 없습니다', 'not_found_hint': '이 주소에는 페이지가 없습니다.', 'go_home': '대화로 가기',
    'filter_model': '모델', 'filter_status': '상태', 'filter_route': '경로', 'filter_user': '사용자 ID',
    'filter_key': '키 접두사', 'filter_from': '시작 (날짜)', 'filter_to': '끝 (날짜)', 'budget_period': '예산 기간',
    'allowed_models': '허용 모델 (a,b)', 'choose_file': '올릴 파일', 'code_block': '코드', 'roles_of': '{u}의 역할',
  },
};

export function lang() {
  const saved = localStorage.getItem('llmsvc.lang');
  if (saved === 'en' || saved === 'ko') return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function setLang(l) {
  localStorage.setItem('llmsvc.lang', l);
  applyI18n(document);
}

/** The string for key in the current language, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const s = STRINGS[lang()][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
}

/**
 * An error from the server in the UI's language: the server's messages are English, so outside English the error
 * code's meaning comes first (err_<code>) and the server's words follow as the detail.
 */
export function errorText(code, message) {
  const own = code ? STRINGS[lang()]['err_' + code] : null;
  if (!own || lang() === 'en') return message;
  return message ? `${own} — ${message}` : own;
}

export function applyI18n(root) {
  document.documentElement.lang = lang();
  root.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach(e => { e.placeholder = t(e.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-title]').forEach(e => { e.title = t(e.dataset.i18nTitle); });
  root.querySelectorAll('[data-i18n-label]').forEach(e => { e.setAttribute('aria-label', t(e.dataset.i18nLabel)); });
}

/** Wires a <select> to switch the language; onChange runs after the page's static strings are redone. */
export function languagePicker(select, onChange) {
  select.innerHTML = '<option value="en">English</option><option value="ko">한국어</option>';
  select.value = lang();
  select.addEventListener('change', () => { setLang(select.value); onChange?.(); });
}
