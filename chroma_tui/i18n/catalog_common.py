"""Words used everywhere: app name, generic buttons and states."""

EN = {
    "app.title": "chroma-tui",
    "app.subtitle": "Your own Chroma server on AWS",
    "common.yes": "Yes",
    "common.no": "No",
    "common.back": "Back",
    "common.next": "Next",
    "common.quit": "Quit",
    "common.retry": "Retry",
    "common.cancel": "Cancel",
    "common.language": "中文",
    "common.none": "none",
    "common.estimate": "estimate",
}

ZH = {
    "app.title": "chroma-tui",
    "app.subtitle": "在 AWS 上部署你自己的 Chroma 服务器",
    "common.yes": "是",
    "common.no": "否",
    "common.back": "上一步",
    "common.next": "下一步",
    "common.quit": "退出",
    "common.retry": "重试",
    "common.cancel": "取消",
    "common.language": "English",
    "common.none": "无",
    "common.estimate": "估算",
}
