import Toolkit
print("lesson: skeleton")
